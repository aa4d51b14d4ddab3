using AetherFS.Mount.Interop;
using AetherFS.Mount.Trees;

namespace AetherFS.Mount.Dispatch;

/// <summary>What a lookup, or an entry of a readdirplus listing, tells the kernel of a node, and for how long to keep it.</summary>
internal sealed class EntryAttributes(NodeAttributes attributes, double cacheSeconds)
{
    public FuseEntryParam EntryFor(TreeNode node) => new()
    {
        Inode = node.Inode,
        Attributes = attributes.For(node),
        AttributeTimeout = cacheSeconds,
        EntryTimeout = cacheSeconds,
    };
}
