using System.Buffers;
using System.Text;
using AetherFS.Mount.Interop;
using AetherFS.Mount.Trees;

namespace AetherFS.Mount.Dispatch;

/// <summary>
/// Fills one readdir reply. The offset the kernel hands back is the position after the last entry it got:
/// 1 after ".", 2 after "..", and 2 + n after the n-th child, so a listing resumes without walking what it skipped.
/// </summary>
internal static unsafe class DirectoryListing
{
    private const long FirstChildOffset = 2;

    public static void Reply(nint request, IReadOnlyTree tree, TreeNode directory, nuint size, long offset)
    {
        var buffer = ArrayPool<byte>.Shared.Rent((int)size);
        try
        {
            fixed (byte* start = buffer)
            {
                var used = Fill(request, tree, directory, start, size, offset);
                LibFuse.ReplyBuffer(request, start, used);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static nuint Fill(nint request, IReadOnlyTree tree, TreeNode directory, byte* start, nuint size, long offset)
    {
        nuint used = 0;
        if (offset < 1 && !TryAdd(request, start, size, ref used, ".", directory, 1))
        {
            return used;
        }
        // The parent's inode is not in the model; the kernel answers ".." itself, and readdir's d_ino is only a hint.
        if (offset < FirstChildOffset && !TryAdd(request, start, size, ref used, "..", directory, FirstChildOffset))
        {
            return used;
        }
        var index = Math.Max(0, offset - FirstChildOffset);
        foreach (var entry in tree.List(directory.Inode, index))
        {
            index++;
            if (!TryAdd(request, start, size, ref used, entry.Name, entry.Node, index + FirstChildOffset))
            {
                break;
            }
        }
        return used;
    }

    private static bool TryAdd(nint request, byte* start, nuint size, ref nuint used, string name, TreeNode node, long next)
    {
        var nameBytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(name.Length) + 1);
        try
        {
            var length = Encoding.UTF8.GetBytes(name, nameBytes);
            nameBytes[length] = 0;
            // Only st_ino and the type bits of st_mode go into a dirent.
            var attributes = new Stat { Inode = node.Inode, Mode = NodeAttributes.TypeBits(node.Kind) };
            fixed (byte* namePointer = nameBytes)
            {
                var needed = LibFuse.AddDirectoryEntry(request, start + used, size - used, namePointer, &attributes, next);
                if (needed > size - used)
                {
                    return false;
                }
                used += needed;
                return true;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(nameBytes);
        }
    }
}
