using System.Collections.Concurrent;
using System.Text;
using AetherFS.Client.Fetch;
using AetherFS.Core.Blocks;
using AetherFS.Core.Manifests;
using AetherFS.Mount.Trees;

namespace AetherFS.Mount.Datasets;

/// <summary>
/// One dataset version as a mountable tree. Every node comes from the manifest (stat, ls and readlink never touch the
/// network); a read fetches only the blocks covering its range, verified, through the shared fetch engine and cache.
/// </summary>
/// <remarks>
/// Inodes: entry i of the manifest is i + 2 (the root is 1), so an inode names the same path for the life of the
/// mount; directories a manifest implies without listing them follow the entries.
/// </remarks>
public sealed class DatasetTree : IReadOnlyTree
{
    private const ulong FirstEntryInode = 2;
    private const UnixFileMode ImpliedDirectoryMode = (UnixFileMode)0b111_101_101;

    private readonly ManifestIndex _index;
    private readonly TreeNode[] _nodes;
    private readonly string[] _paths;
    private readonly Dictionary<string, ulong> _inodeByPath;
    private readonly ConcurrentDictionary<ulong, TreeEntry[]> _listings = new();
    private readonly DatasetReadOptions _options;
    private readonly BlockFlights _flights;
    private readonly SequentialReadAhead _readAhead;

    /// <param name="basis">The version held before this one (a following mount's previous version): its blocks in the cache may serve as delta bases.</param>
    public DatasetTree(ManifestIndex index, BlockFetcher fetcher, DatasetReadOptions? options = null, DeltaBasis? basis = null)
    {
        _index = index;
        _options = options ?? new DatasetReadOptions();
        _options.Validate();
        _flights = new BlockFlights(fetcher, Reads, basis);
        _readAhead = new SequentialReadAhead(_flights, index.Manifest.Blocks, _options, Reads);
        var entries = index.Manifest.Entries;
        var nodes = new List<TreeNode>(entries.Count + 1);
        var paths = new List<string>(entries.Count + 1);
        _inodeByPath = new Dictionary<string, ulong>(entries.Count + 1, StringComparer.Ordinal);

        // The root has no entry: it shows the newest mtime of the tree, which is stable for a version.
        var newest = entries.Count == 0 ? DateTime.UnixEpoch : entries.Max(e => e.ModifiedAt);
        Add(nodes, paths, string.Empty, new TreeNode(IReadOnlyTree.RootInode, NodeKind.Directory, ImpliedDirectoryMode, 0, ToOffset(newest)));
        for (var i = 0; i < entries.Count; i++)
        {
            Add(nodes, paths, entries[i].Path, NodeOf((ulong)i + FirstEntryInode, entries[i]));
        }

        foreach (var entry in entries)
        {
            for (var parent = ParentOf(entry.Path); parent.Length > 0 && !_inodeByPath.ContainsKey(parent); parent = ParentOf(parent))
            {
                var inode = (ulong)nodes.Count + 1;
                Add(nodes, paths, parent, new TreeNode(inode, NodeKind.Directory, ImpliedDirectoryMode, 0, ToOffset(DateTime.UnixEpoch)));
            }
        }

        _nodes = [.. nodes];
        _paths = [.. paths];
    }

    /// <summary>Blocks touched by reads beside blocks fetched from the hub (read-ahead and prefetch included).</summary>
    public ReadCounters Reads { get; } = new();

    /// <summary>Where the blocks read so far came from (cache or hub) and the bytes that travelled.</summary>
    public FetchCounters Counters => Reads.Fetched;

    public TreeNode? Find(ulong inode) => inode >= 1 && inode <= (ulong)_nodes.Length ? _nodes[inode - 1] : null;

    public TreeNode? Lookup(ulong parent, string name)
    {
        if (Find(parent) is not { Kind: NodeKind.Directory })
        {
            return null;
        }

        var directory = _paths[parent - 1];
        var path = directory.Length == 0 ? name : directory + "/" + name;
        return _inodeByPath.TryGetValue(path, out var inode) ? _nodes[inode - 1] : null;
    }

    public IEnumerable<TreeEntry> List(ulong directory, long index)
    {
        if (Find(directory) is not { Kind: NodeKind.Directory })
        {
            return [];
        }

        // Built on first listing and kept: a listing resumed at an index is a slice, not a walk.
        var children = _listings.GetOrAdd(directory, ListChildren);
        // Not "[]" beside the segment: that would be a default ArraySegment, which throws when enumerated.
        return index >= children.Length ? Array.Empty<TreeEntry>() : new ArraySegment<TreeEntry>(children, (int)index, children.Length - (int)index);
    }

    public async ValueTask<int> ReadAsync(ulong inode, long offset, Memory<byte> destination, CancellationToken cancellationToken)
    {
        if (inode < FirstEntryInode || inode - FirstEntryInode >= (ulong)_index.Manifest.Entries.Count
            || _index.Manifest.Entries[(int)(inode - FirstEntryInode)] is not { Type: EntryType.File } file)
        {
            throw new ArgumentException($"inode {inode} is not a file", nameof(inode));
        }

        var length = (int)Math.Clamp(file.Size - offset, 0, destination.Length);
        if (length == 0)
        {
            return 0;
        }

        var fileStart = _index.OffsetOf(file);
        var spans = _index.Layout.Spans(fileStart + offset, length).ToList();
        var blocks = _index.Manifest.Blocks;
        var needed = spans.Select(s => blocks[s.Index]).ToList();
        needed.ForEach(Reads.Touch);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.ReadTimeout);
        try
        {
            // The read's own blocks are claimed (and their request started) before any read-ahead: foreground first.
            var fetching = _flights.FetchAsync(needed, foreground: true, remember: true, deadline.Token);
            _readAhead.Observe(inode, offset, length, spans[^1].Index, _index.Layout.IndexOf(fileStart + file.Size - 1), cancellationToken);
            using var fetched = await fetching;
            var written = 0;
            foreach (var span in spans)
            {
                fetched[blocks[span.Index].Signature].Memory.Span.Slice(span.Offset, span.Length).CopyTo(destination.Span[written..]);
                written += span.Length;
            }

            return written;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // The dispatcher answers EIO: the reader learns the hub is out of reach instead of waiting on it.
            throw new TimeoutException($"reading {offset}+{length} of '{file.Path}' did not complete within {_options.ReadTimeout}");
        }
    }

    /// <summary>
    /// A prefetch of every block of this version into the disk cache, sharing fetches with reads and standing back
    /// while they wait; run it with <see cref="VersionPrefetcher.RunAsync"/>.
    /// </summary>
    public VersionPrefetcher CreatePrefetcher() => new(_flights, _index.Manifest.Blocks, _options);

    private static TreeNode NodeOf(ulong inode, ManifestEntry entry)
    {
        var permissions = (UnixFileMode)(entry.Mode & 0b1111_1111_1111);
        var modified = ToOffset(entry.ModifiedAt);
        return entry.Type switch
        {
            EntryType.File => new TreeNode(inode, NodeKind.File, permissions, entry.Size, modified),
            EntryType.Directory => new TreeNode(inode, NodeKind.Directory, permissions, 0, modified),
            EntryType.Symlink => new TreeNode(inode, NodeKind.Symlink, permissions, Encoding.UTF8.GetByteCount(entry.Target!), modified, entry.Target),
            _ => throw new InvalidDataException($"'{entry.Path}' has an unknown entry type {entry.Type}"),
        };
    }

    private static DateTimeOffset ToOffset(DateTime utc) => new(DateTime.SpecifyKind(utc, DateTimeKind.Utc));

    private static string ParentOf(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? string.Empty : path[..slash];
    }

    private void Add(List<TreeNode> nodes, List<string> paths, string path, TreeNode node)
    {
        nodes.Add(node);
        paths.Add(path);
        _inodeByPath[path] = node.Inode;
    }

    private TreeEntry[] ListChildren(ulong directory) =>
        [.. _index.ChildrenOf(_paths[directory - 1]).Select(child => new TreeEntry(NameOf(child.Path), _nodes[_inodeByPath[child.Path] - 1]))];

    private static string NameOf(string path) => path[(path.LastIndexOf('/') + 1)..];
}
