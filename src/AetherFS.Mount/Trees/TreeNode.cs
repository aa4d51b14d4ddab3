namespace AetherFS.Mount.Trees;

/// <summary>One file, directory or symlink of a mounted tree, as stat shows it.</summary>
/// <param name="Inode">Stable for the life of the mount; the root is <see cref="IReadOnlyTree.RootInode"/>.</param>
/// <param name="Permissions">The permission bits (the file type comes from <paramref name="Kind"/>).</param>
/// <param name="Size">Bytes of a file, of a symlink's target; 0 for a directory.</param>
/// <param name="SymlinkTarget">The target of a symlink, otherwise null.</param>
public sealed record TreeNode(
    ulong Inode,
    NodeKind Kind,
    UnixFileMode Permissions,
    long Size,
    DateTimeOffset ModifiedTime,
    string? SymlinkTarget = null);
