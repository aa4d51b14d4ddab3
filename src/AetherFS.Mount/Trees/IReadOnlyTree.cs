namespace AetherFS.Mount.Trees;

/// <summary>
/// What a FUSE mount serves: an immutable tree addressed by inode. Metadata calls are synchronous because they must
/// never wait on the network; only <see cref="ReadAsync"/> may. Calls come from many threads at once.
/// </summary>
public interface IReadOnlyTree
{
    /// <summary>FUSE's root inode: the tree's root directory must carry it.</summary>
    const ulong RootInode = 1;

    /// <summary>The node with this inode, or null.</summary>
    TreeNode? Find(ulong inode);

    /// <summary>The child named <paramref name="name"/> of directory <paramref name="parent"/>, or null.</summary>
    TreeNode? Lookup(ulong parent, string name);

    /// <summary>
    /// The children of a directory from position <paramref name="index"/> on, in a stable order; a listing is resumed
    /// at an index, so reaching it should not cost a walk over the children before it.
    /// </summary>
    IEnumerable<TreeEntry> List(ulong directory, long index);

    /// <summary>Fills <paramref name="destination"/> from <paramref name="offset"/> of a file; fewer bytes only at its end.</summary>
    ValueTask<int> ReadAsync(ulong inode, long offset, Memory<byte> destination, CancellationToken cancellationToken);
}
