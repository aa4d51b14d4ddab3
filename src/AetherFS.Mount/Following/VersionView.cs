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

    /// <summary>The mount inodes this version serves.</summary>
    public IEnumerable<ulong> GlobalInodes => _localByGlobal is null ? TreeWalk.Nodes(Tree).Select(n => n.Node.Inode) : _localByGlobal.Keys;

    public TreeNode? ToGlobal(TreeNode? node) => node is null ? null : node with { Inode = Global(node.Inode) };
}
