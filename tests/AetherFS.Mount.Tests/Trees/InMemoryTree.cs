using System.Collections.Concurrent;
using AetherFS.Mount.Trees;

namespace AetherFS.Mount.Tests.Trees;

/// <summary>
/// A tree held in memory, built by path: the model a mount is compared against. File bytes come from a generator, so a
/// file of gigabytes costs nothing; reads can be made to complete asynchronously to exercise the deferred replies.
/// </summary>
internal sealed class InMemoryTree : IReadOnlyTree
{
    private readonly ConcurrentDictionary<ulong, TreeNode> _nodes = new();
    private readonly ConcurrentDictionary<ulong, FileBytes> _contents = new();
    private readonly ConcurrentDictionary<ulong, List<TreeEntry>> _children = new();
    private readonly Dictionary<string, TreeNode> _byPath = new(StringComparer.Ordinal);
    private long _nextInode = (long)IReadOnlyTree.RootInode;
    private int _lookups;

    public InMemoryTree(DateTimeOffset rootTime)
    {
        var root = new TreeNode(IReadOnlyTree.RootInode, NodeKind.Directory, (UnixFileMode)0x1ED, 0, rootTime);
        _nodes[root.Inode] = root;
        _children[root.Inode] = [];
        _byPath[""] = root;
    }

    /// <summary>When set, every read completes after a yield, so its reply comes from another thread.</summary>
    public bool AsynchronousReads { get; init; }

    public IEnumerable<(string Path, TreeNode Node)> Nodes => _byPath.Where(p => p.Key.Length > 0).Select(p => (p.Key, p.Value));

    public TreeNode AddDirectory(string path, UnixFileMode permissions, DateTimeOffset modified)
    {
        var node = Add(path, inode => new TreeNode(inode, NodeKind.Directory, permissions, 0, modified));
        _children[node.Inode] = [];
        return node;
    }

    public TreeNode AddFile(string path, byte[] content, UnixFileMode permissions, DateTimeOffset modified) =>
        AddFile(path, new FileBytes(content.Length, (offset, span) => content.AsSpan((int)offset, span.Length).CopyTo(span)), permissions, modified);

    public TreeNode AddFile(string path, FileBytes content, UnixFileMode permissions, DateTimeOffset modified)
    {
        var node = Add(path, inode => new TreeNode(inode, NodeKind.File, permissions, content.Length, modified));
        _contents[node.Inode] = content;
        return node;
    }

    public TreeNode AddSymlink(string path, string target, DateTimeOffset modified) =>
        Add(path, inode => new TreeNode(inode, NodeKind.Symlink, (UnixFileMode)0x1FF, System.Text.Encoding.UTF8.GetByteCount(target), modified, target));

    /// <summary>Takes a node out of its directory, as a new version of a dataset would.</summary>
    public void Remove(string path)
    {
        var node = _byPath[path];
        var siblings = _children[_byPath[Parent(path)].Inode];
        lock (siblings)
        {
            siblings.RemoveAll(entry => entry.Node.Inode == node.Inode);
        }
        _byPath.Remove(path);
    }

    /// <summary>Gives a file new bytes under the same inode, as a tag moving to a new version might.</summary>
    public void ReplaceFile(string path, byte[] content)
    {
        var node = _byPath[path] with { Size = content.Length };
        _contents[node.Inode] = new FileBytes(content.Length, (offset, span) => content.AsSpan((int)offset, span.Length).CopyTo(span));
        _nodes[node.Inode] = node;
        _byPath[path] = node;
        var siblings = _children[_byPath[Parent(path)].Inode];
        lock (siblings)
        {
            var index = siblings.FindIndex(entry => entry.Node.Inode == node.Inode);
            siblings[index] = siblings[index] with { Node = node };
        }
    }

    public TreeNode NodeAt(string path) => _byPath[path];

    public FileBytes ContentOf(string path) => _contents[_byPath[path].Inode];

    public TreeNode? Find(ulong inode) => _nodes.GetValueOrDefault(inode);

    /// <summary>How many times the mount asked for a name (each a kernel LOOKUP request).</summary>
    public int Lookups => Volatile.Read(ref _lookups);

    public TreeNode? Lookup(ulong parent, string name)
    {
        Interlocked.Increment(ref _lookups);
        if (!_children.TryGetValue(parent, out var children))
        {
            return null;
        }
        lock (children)
        {
            return children.FirstOrDefault(entry => entry.Name == name).Node;
        }
    }

    public IEnumerable<TreeEntry> List(ulong directory, long index)
    {
        var children = _children[directory];
        lock (children)
        {
            return children.Skip((int)index).ToArray();
        }
    }

    public async ValueTask<int> ReadAsync(ulong inode, long offset, Memory<byte> destination, CancellationToken cancellationToken)
    {
        if (AsynchronousReads)
        {
            await Task.Yield();
        }
        var content = _contents[inode];
        var count = (int)Math.Clamp(content.Length - offset, 0, destination.Length);
        content.Fill(offset, destination.Span[..count]);
        return count;
    }

    private TreeNode Add(string path, Func<ulong, TreeNode> create)
    {
        var node = create((ulong)Interlocked.Increment(ref _nextInode));
        var siblings = _children[_byPath[Parent(path)].Inode];
        lock (siblings)
        {
            siblings.Add(new TreeEntry(Path.GetFileName(path), node));
        }
        _nodes[node.Inode] = node;
        _byPath[path] = node;
        return node;
    }

    private static string Parent(string path) => Path.GetDirectoryName(path) ?? "";
}
