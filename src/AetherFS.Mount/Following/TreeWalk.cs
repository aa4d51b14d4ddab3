using AetherFS.Mount.Trees;

namespace AetherFS.Mount.Following;

/// <summary>Every node of a tree below its root with its path and its parent's inode, directories before their children.</summary>
internal static class TreeWalk
{
    public readonly record struct WalkedNode(string Path, ulong Parent, string Name, TreeNode Node);

    public static IEnumerable<WalkedNode> Nodes(IReadOnlyTree tree)
    {
        var pending = new Queue<(ulong Inode, string Path)>();
        pending.Enqueue((IReadOnlyTree.RootInode, string.Empty));
        while (pending.TryDequeue(out var directory))
        {
            foreach (var child in tree.List(directory.Inode, 0))
            {
                var path = directory.Path.Length == 0 ? child.Name : directory.Path + "/" + child.Name;
                yield return new WalkedNode(path, directory.Inode, child.Name, child.Node);
                if (child.Node.Kind == NodeKind.Directory)
                {
                    pending.Enqueue((child.Node.Inode, path));
                }
            }
        }
    }
}
