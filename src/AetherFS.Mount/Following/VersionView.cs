using AetherFS.Mount.Datasets;
using AetherFS.Mount.Trees;
using AetherFS.Serving.Versions;

namespace AetherFS.Mount.Following;

/// <summary>
/// One version of a followed tag as the mount sees it: its <see cref="DatasetTree"/> (inodes of its own, "local") and
/// the mount's inodes ("global") its nodes carry. The first version maps each inode to itself.
/// </summary>
internal sealed class VersionView
{
    private readonly ulong[]? _globalByLocal;
    private readonly Dictionary<ulong, ulong>? _localByGlobal;

    private VersionView(ManifestIndex index, DatasetTree tree, ulong[]? globalByLocal)
    {
        Index = index;
        Tree = tree;
        _globalByLocal = globalByLocal;
        if (globalByLocal is not null)
        {
            _localByGlobal = new Dictionary<ulong, ulong>(globalByLocal.Length);
            for (var local = 0; local < globalByLocal.Length; local++)
            {
                if (globalByLocal[local] != 0)
                {
                    _localByGlobal[globalByLocal[local]] = (ulong)local + 1;
                }
            }
        }
    }

    public ManifestIndex Index { get; }

    public DatasetTree Tree { get; }

    /// <summary>The first version: the mount's inodes are the tree's own.</summary>
    public static VersionView Identity(ManifestIndex index, DatasetTree tree) => new(index, tree, null);

    /// <param name="globalByLocal">The mount's inode of each of the tree's inodes (index: local inode - 1).</param>
    public static VersionView Mapped(ManifestIndex index, DatasetTree tree, ulong[] globalByLocal) => new(index, tree, globalByLocal);

    /// <summary>The tree's inode for a mount inode this version serves, or 0.</summary>
    public ulong Local(ulong global)
    {
        if (_localByGlobal is null)
        {
            return Tree.Find(global) is null ? 0 : global;
        }

        return _localByGlobal.TryGetValue(global, out var local) ? local : 0;
    }

    public ulong Global(ulong local) => _globalByLocal is null ? local : _globalByLocal[local - 1];

    /// <summary>The highest mount inode this version serves.</summary>
    public ulong MaxInode => _globalByLocal is null ? LastInode(Tree) : _globalByLocal.Max();

    public TreeNode? ToGlobal(TreeNode? node) => node is null ? null : node with { Inode = Global(node.Inode) };

    // A dataset tree's inodes run from the root up without a gap: found by bisection, without walking the tree (a
    // walk would build every listing of a large version at mount time).
    private static ulong LastInode(DatasetTree tree)
    {
        ulong found = IReadOnlyTree.RootInode, step = 1;
        while (tree.Find(found + step) is not null)
        {
            found += step;
            step *= 2;
        }

        for (; step > 0; step /= 2)
        {
            if (tree.Find(found + step) is not null)
            {
                found += step;
            }
        }

        return found;
    }
}
