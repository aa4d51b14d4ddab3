using AetherFS.Core.Manifests;

namespace AetherFS.Core.Blocks;

/// <summary>Offset arithmetic over the packed stream: which blocks, and which bytes of them, cover a byte range.</summary>
public sealed class BlockLayout
{
    private readonly long[] _starts;

    public BlockLayout(IReadOnlyList<BlockRef> blocks)
    {
        _starts = new long[blocks.Count + 1];
        for (var i = 0; i < blocks.Count; i++)
        {
            _starts[i + 1] = _starts[i] + blocks[i].Size;
        }
    }

    public int Count => _starts.Length - 1;

    public long TotalSize => _starts[^1];

    public long StartOf(int index) => _starts[index];

    /// <summary>The index of the block holding byte <paramref name="offset"/> of the packed stream.</summary>
    public int IndexOf(long offset)
    {
        if (offset < 0 || offset >= TotalSize)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset, $"offset outside the packed stream of {TotalSize} bytes");
        }

        var found = Array.BinarySearch(_starts, offset);
        return found >= 0 ? LastBlockStartingAt(found) : ~found - 1;
    }

    /// <summary>The pieces of blocks that together make up <paramref name="length"/> bytes from <paramref name="offset"/>.</summary>
    public IEnumerable<BlockSpan> Spans(long offset, long length)
    {
        if (offset < 0 || length < 0 || offset + length > TotalSize)
        {
            throw new ArgumentOutOfRangeException(nameof(length), $"range {offset}+{length} outside the packed stream of {TotalSize} bytes");
        }

        if (length == 0)
        {
            yield break;
        }

        var index = IndexOf(offset);
        var remaining = length;
        var position = offset;
        while (remaining > 0)
        {
            var inBlock = position - _starts[index];
            var take = Math.Min(remaining, _starts[index + 1] - position);
            yield return new BlockSpan(index, (int)inBlock, (int)take);
            remaining -= take;
            position += take;
            index++;
        }
    }

    /// <summary>The start offset of each entry in the packed stream (non-files take no bytes).</summary>
    public static long[] EntryOffsets(IReadOnlyList<ManifestEntry> entries)
    {
        var offsets = new long[entries.Count];
        long position = 0;
        for (var i = 0; i < entries.Count; i++)
        {
            offsets[i] = position;
            position += entries[i].Type == EntryType.File ? entries[i].Size : 0;
        }

        return offsets;
    }

    // Zero-size blocks never occur in valid manifests, but keep the lookup total: skip to the last equal start.
    private int LastBlockStartingAt(int index)
    {
        while (index + 1 < _starts.Length - 1 && _starts[index + 1] == _starts[index])
        {
            index++;
        }

        return index;
    }
}
