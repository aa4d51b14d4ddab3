using System.Buffers;
using System.Text;
using AetherFS.Mount.Interop;
using AetherFS.Mount.Trees;

namespace AetherFS.Mount.Dispatch;

/// <summary>
/// Fills one readdir or readdirplus reply. The offset the kernel hands back is the position after the last entry it
/// got: 1 after ".", 2 after "..", and 2 + n after the n-th child, so a listing resumes without walking what it skipped.
/// </summary>
internal static unsafe class DirectoryListing
{
    private const long FirstChildOffset = 2;

    /// <summary>
    /// Replies with the entries from <paramref name="offset"/> on; with <paramref name="plus"/>, each child also carries
    /// its attributes and the kernel keeps it as if looked up (it counts one lookup and will forget it).
    /// </summary>
    public static void Reply(nint request, IReadOnlyTree tree, TreeNode directory, nuint size, long offset, EntryAttributes? plus)
    {
        var buffer = ArrayPool<byte>.Shared.Rent((int)size);
        try
        {
            fixed (byte* start = buffer)
            {
                var used = Fill(new Writer(request, start, size, plus), tree, directory, offset);
                LibFuse.ReplyBuffer(request, start, used);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static nuint Fill(Writer writer, IReadOnlyTree tree, TreeNode directory, long offset)
    {
        if (offset < 1 && !writer.TryAdd(".", directory, child: false, 1))
        {
            return writer.Used;
        }
        // The parent's inode is not in the model; the kernel answers ".." itself, and readdir's d_ino is only a hint.
        if (offset < FirstChildOffset && !writer.TryAdd("..", directory, child: false, FirstChildOffset))
        {
            return writer.Used;
        }
        var index = Math.Max(0, offset - FirstChildOffset);
        foreach (var entry in tree.List(directory.Inode, index))
        {
            index++;
            if (!writer.TryAdd(entry.Name, entry.Node, child: true, index + FirstChildOffset))
            {
                break;
            }
        }
        return writer.Used;
    }

    private sealed class Writer(nint request, byte* start, nuint size, EntryAttributes? plus)
    {
        public nuint Used { get; private set; }

        public bool TryAdd(string name, TreeNode node, bool child, long next)
        {
            var nameBytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(name.Length) + 1);
            try
            {
                var length = Encoding.UTF8.GetBytes(name, nameBytes);
                nameBytes[length] = 0;
                fixed (byte* namePointer = nameBytes)
                {
                    var needed = plus is null ? AddPlain(namePointer, node, next) : AddPlus(namePointer, node, child, next, plus);
                    if (needed > size - Used)
                    {
                        return false;
                    }
                    Used += needed;
                    return true;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(nameBytes);
            }
        }

        private nuint AddPlain(byte* name, TreeNode node, long next)
        {
            // Only st_ino and the type bits of st_mode go into a dirent.
            var attributes = new Stat { Inode = node.Inode, Mode = NodeAttributes.TypeBits(node.Kind) };
            return LibFuse.AddDirectoryEntry(request, start + Used, size - Used, name, &attributes, next);
        }

        private nuint AddPlus(byte* name, TreeNode node, bool child, long next, EntryAttributes plus)
        {
            // "." and ".." go without a node id: the kernel then links nothing and counts no lookup for them.
            var entry = child
                ? plus.EntryFor(node)
                : new FuseEntryParam { Attributes = new Stat { Inode = node.Inode, Mode = NodeAttributes.TypeBits(node.Kind) } };
            return LibFuse.AddDirectoryEntryPlus(request, start + Used, size - Used, name, &entry, next);
        }
    }
}
