namespace AetherFS.Mount.Following;

/// <summary>What the kernel must forget after a followed tag moved, in the mount's inodes.</summary>
/// <param name="Entries">Names (parent directory, name) that were changed, added or removed.</param>
/// <param name="Inodes">Nodes whose attributes or listing changed but which keep their inode (directories).</param>
public sealed record TreeChanges(IReadOnlyList<(ulong Parent, string Name)> Entries, IReadOnlyCollection<ulong> Inodes)
{
    public bool IsEmpty => Entries.Count == 0 && Inodes.Count == 0;
}
