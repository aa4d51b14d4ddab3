using AetherFS.Mount.Interop;
using AetherFS.Mount.Trees;

namespace AetherFS.Mount.Dispatch;

/// <summary>Turns a tree node into the <c>struct stat</c> the kernel shows; files belong to the mounting process.</summary>
internal sealed class NodeAttributes
{
    private const uint DirectoryType = 0x4000; // S_IFDIR
    private const uint FileType = 0x8000;      // S_IFREG
    private const uint SymlinkType = 0xA000;   // S_IFLNK

    private readonly uint _userId = LibC.GetEffectiveUserId();
    private readonly uint _groupId = LibC.GetEffectiveGroupId();

    public Stat For(TreeNode node)
    {
        var time = Timespec.From(node.ModifiedTime);
        return new Stat
        {
            Inode = node.Inode,
            LinkCount = node.Kind == NodeKind.Directory ? 2u : 1u,
            Mode = TypeBits(node.Kind) | ((uint)node.Permissions & 0xFFF),
            UserId = _userId,
            GroupId = _groupId,
            Size = node.Size,
            BlockSize = 4096,
            // du and sparse-aware tools read st_blocks, counted in 512-byte units.
            Blocks = (node.Size + 511) / 512,
            AccessTime = time,
            ModifiedTime = time,
            ChangeTime = time,
        };
    }

    public static uint TypeBits(NodeKind kind) => kind switch
    {
        NodeKind.Directory => DirectoryType,
        NodeKind.Symlink => SymlinkType,
        _ => FileType,
    };
}
