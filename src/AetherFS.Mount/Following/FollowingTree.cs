using AetherFS.Core.Manifests;
using AetherFS.Mount.Datasets;
using AetherFS.Mount.Trees;

namespace AetherFS.Mount.Following;

/// <summary>
/// A mounted tag that moves: serves the newest version it was given, with inodes of its own so that a path whose
/// entry did not change keeps its inode (and the kernel its cached pages) across versions, while a changed or added
/// path gets a new one. Inodes handed out for an earlier version stay readable while that version is among the
/// <see cref="KeptPreviousVersions"/> before the current one: a file opened then keeps reading the bytes it opened.
/// </summary>
public sealed class FollowingTree : IReadOnlyTree
{
    /// <summary>Previous versions kept readable for files still open; an older version's changed files then give ENOENT/EIO.</summary>
    public const int KeptPreviousVersions = 2;

    private readonly Func<ManifestIndex, ManifestIndex?, DatasetTree> _open;
    private readonly Lock _advancing = new();
    private volatile Versions _versions;
    private ulong _nextInode;
    private FetchTotals _retired = FetchTotals.None;

    /// <param name="open">Makes the tree of a version (the fetch engine and cache it reads through are the caller's).</param>
    public FollowingTree(ManifestIndex first, Func<ManifestIndex, DatasetTree> open)
        : this(first, (index, _) => open(index))
    {
    }

    /// <param name="open">
    /// Makes the tree of a version, given the version served before it (null for the first): the version whose
    /// blocks the cache holds, against which the hub may answer deltas.
    /// </param>
    public FollowingTree(ManifestIndex first, Func<ManifestIndex, ManifestIndex?, DatasetTree> open)
    {
        _open = open;
        var view = VersionView.Identity(first, open(first, null));
        _versions = new Versions(view, []);
        _nextInode = view.MaxInode + 1;
    }

    /// <summary>The digest of the version new opens see.</summary>
    public string Digest => _versions.Current.Index.Digest;

    /// <summary>The manifest of the version new opens see.</summary>
    public ManifestIndex Index => _versions.Current.Index;

    /// <summary>The tree of the version new opens see.</summary>
    public DatasetTree Current => _versions.Current.Tree;

    /// <summary>Raised after <see cref="Advance"/> made another version current, with that version's tree.</summary>
    public event Action<DatasetTree>? Advanced;

    /// <summary>What the reads so far cost, over every version served.</summary>
    public FetchTotals Totals
    {
        get
        {
            var versions = _versions;
            lock (_advancing)
            {
                return versions.All.Aggregate(_retired, (sum, version) => sum.Plus(FetchTotals.Of(version.Tree.Reads)));
            }
        }
    }

    /// <summary>
    /// Makes <paramref name="next"/> the version new lookups see and says what the kernel must forget. The same
    /// digest again changes nothing.
    /// </summary>
    public TreeChanges Advance(ManifestIndex next)
    {
        var before = Digest;
        var changes = Swap(next);
        if (Digest != before)
        {
            Advanced?.Invoke(Current);
        }

        return changes;
    }

    private TreeChanges Swap(ManifestIndex next)
    {
        lock (_advancing)
        {
            var before = _versions.Current;
            if (next.Digest == before.Index.Digest)
            {
                return new TreeChanges([], []);
            }

            var tree = _open(next, before.Index);
            var oldByPath = TreeWalk.Nodes(before.Tree).ToDictionary(n => n.Path, StringComparer.Ordinal);
            var newNodes = TreeWalk.Nodes(tree).ToList();
            var globalByLocal = new ulong[newNodes.Select(n => n.Node.Inode).DefaultIfEmpty(IReadOnlyTree.RootInode).Max()];
            globalByLocal[IReadOnlyTree.RootInode - 1] = IReadOnlyTree.RootInode;
            var entries = new List<(ulong, string)>();
            var inodes = new HashSet<ulong>();

            foreach (var walked in newNodes)
            {
                var parent = globalByLocal[walked.Parent - 1];
                if (oldByPath.Remove(walked.Path, out var old) && Kept(before, old, next, walked))
                {
                    var global = before.Global(old.Node.Inode);
                    globalByLocal[walked.Node.Inode - 1] = global;
                    // A directory keeps its inode; its attributes are asked again if they changed.
                    if (walked.Node with { Inode = 0 } != old.Node with { Inode = 0 })
                    {
                        inodes.Add(global);
                    }

                    continue;
                }

                globalByLocal[walked.Node.Inode - 1] = _nextInode++;
                entries.Add((parent, walked.Name));
                inodes.Add(parent);
            }

            foreach (var removed in oldByPath.Values)
            {
                var parent = before.Global(removed.Parent);
                entries.Add((parent, removed.Name));
                inodes.Add(parent);
            }

            var view = VersionView.Mapped(next, tree, globalByLocal);
            // Invariant: new inodes are above every inode handed out so far, so none is ever reused for another node.
            var previous = _versions.All.Take(KeptPreviousVersions + 1).ToList();
            foreach (var retired in previous.Skip(KeptPreviousVersions))
            {
                Retire(retired);
            }

            _versions = new Versions(view, [.. previous.Take(KeptPreviousVersions)]);
            return new TreeChanges(entries, inodes);
        }
    }

    public TreeNode? Find(ulong inode)
    {
        var (view, local) = Locate(inode);
        return view?.ToGlobal(view.Tree.Find(local));
    }

    public TreeNode? Lookup(ulong parent, string name)
    {
        var (view, local) = Locate(parent);
        return view?.ToGlobal(view.Tree.Lookup(local, name));
    }

    public IEnumerable<TreeEntry> List(ulong directory, long index)
    {
        var (view, local) = Locate(directory);
        return view is null ? [] : view.Tree.List(local, index).Select(e => new TreeEntry(e.Name, view.ToGlobal(e.Node)!));
    }

    public ValueTask<int> ReadAsync(ulong inode, long offset, Memory<byte> destination, CancellationToken cancellationToken)
    {
        var (view, local) = Locate(inode);
        return view is null
            ? ValueTask.FromException<int>(new FileNotFoundException($"inode {inode} belongs to a version no longer kept"))
            : view.Tree.ReadAsync(local, offset, destination, cancellationToken);
    }

    // Directories and unchanged entries keep their inode; a file or symlink that changed in any way gets a new one.
    private static bool Kept(VersionView before, TreeWalk.WalkedNode old, ManifestIndex next, TreeWalk.WalkedNode walked) =>
        old.Node.Kind == NodeKind.Directory && walked.Node.Kind == NodeKind.Directory
        || SameEntry.Equal(before.Index, old.Node, next, walked.Node, walked.Path);

    // The current version first: an inode it carries over reads the same bytes from either.
    private (VersionView? View, ulong Local) Locate(ulong global)
    {
        foreach (var view in _versions.All)
        {
            if (view.Local(global) is var local and not 0)
            {
                return (view, local);
            }
        }

        return (null, 0);
    }

    private void Retire(VersionView view) => _retired = _retired.Plus(FetchTotals.Of(view.Tree.Reads));

    private sealed record Versions(VersionView Current, IReadOnlyList<VersionView> Previous)
    {
        public IEnumerable<VersionView> All => Previous.Prepend(Current);
    }
}
