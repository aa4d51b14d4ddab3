using System.Buffers;
using System.Buffers.Binary;

namespace AetherFS.Core.Blocks;

/// <summary>
/// A block stored or sent as a delta: a block payload with codec <see cref="BlockCodec.Delta"/>, whose body names
/// the blocks it is decoded against (its bases, up to <see cref="MaxBases"/>, in order) and holds a zstd frame of
/// the block's raw bytes compressed against their raw bytes concatenated (<see cref="ZstdPrefix"/>):
/// <code>
/// 0   12      block payload header (codec 2, raw length)
/// 12  1       base count n (1..3)
/// 13  36 n    per base: raw SHA-256 (32 B), raw size (uint32 LE)
/// ..          the frame
/// </code>
/// The block keeps its name, the SHA-256 of its raw bytes, and decoding verifies it, so a delta that claims a
/// signature its bytes do not produce is refused like any corrupt block. Decoding writes at most the header's raw
/// length, itself at most <see cref="MaxRawBytes"/>: a frame that would inflate further fails.
/// </summary>
public static class BlockDelta
{
    public const int MaxBases = 3;

    /// <summary>The largest block that travels as a delta, and the most base bytes one refers to: memory stays bounded.</summary>
    public const int MaxRawBytes = 8 * 1024 * 1024;

    /// <summary>The most base bytes a delta refers to (together with the block, within zstd's 32 MiB window).</summary>
    public const int MaxPrefixBytes = 3 * MaxRawBytes;

    private const int BaseEntrySize = 36;

    /// <summary>
    /// Encodes <paramref name="raw"/> against <paramref name="bases"/>, whose raw bytes concatenated in order are
    /// <paramref name="prefix"/>; null when the delta would not be shorter than <paramref name="limit"/> bytes (the
    /// full payload's length, say), or the block or its bases are too large to travel as a delta.
    /// </summary>
    public static PooledBuffer? Encode(ReadOnlySpan<byte> raw, IReadOnlyList<DeltaBase> bases, ReadOnlySpan<byte> prefix, int level, int limit)
    {
        if (bases.Count is 0 or > MaxBases || raw.Length is 0 or > MaxRawBytes || prefix.Length > MaxPrefixBytes || prefix.Length != bases.Sum(b => (long)b.Size))
        {
            return null;
        }

        var headerLength = BlockPayload.HeaderSize + 1 + (BaseEntrySize * bases.Count);
        if (limit <= headerLength)
        {
            return null;
        }

        var payload = new PooledBuffer(limit);
        var frame = ZstdPrefix.Compress(raw, prefix, payload.Array.AsSpan(headerLength, limit - headerLength - 1), level);
        if (frame < 0)
        {
            payload.Dispose();
            return null;
        }

        BlockPayload.WriteHeader(payload.Array, BlockCodec.Delta, raw.Length);
        WriteBases(payload.Array.AsSpan(BlockPayload.HeaderSize), bases);

        payload.Length = headerLength + frame;
        return payload;
    }

    /// <summary>True when <paramref name="payload"/> is a delta of either form (its header is otherwise not checked here).</summary>
    public static bool IsDelta(ReadOnlySpan<byte> payload) => payload.Length > 5 && payload[5] is (byte)BlockCodec.Delta or (byte)BlockCodec.HeldDelta;

    /// <summary>
    /// The transfer form of a delta (codec 3) for a receiver that holds a known version: each base named by its
    /// place in that version's block list, a LEB128 number of one to three bytes, instead of 36 bytes of SHA-256
    /// and size. On small updates the names were most of a delta: 108 of caniuse-db's 143 bytes per block.
    /// <code>
    /// 0   12   block payload header (codec 3, raw length)
    /// 12  1    base count n (1..3)
    /// 13  ..   per base: its index in the held version's blocks, LEB128
    /// ..       the frame, as in codec 2
    /// </code>
    /// </summary>
    /// <param name="delta">A codec 2 delta.</param>
    /// <param name="places">Each base's index in the held version's blocks, in the delta's base order.</param>
    public static byte[] Compact(ReadOnlySpan<byte> delta, string signature, IReadOnlyList<int> places)
    {
        var bases = ReadBases(delta, signature);
        if (places.Count != bases.Length || places.Any(p => p < 0))
        {
            throw new ArgumentException($"{places.Count} places for {bases.Length} bases", nameof(places));
        }

        var frame = delta[FrameOffset(bases.Length)..];
        var names = new byte[places.Count * 5];
        var length = 0;
        foreach (var place in places)
        {
            for (var value = (uint)place; ; value >>= 7)
            {
                names[length++] = (byte)(value < 0x80 ? value : (value & 0x7f) | 0x80);
                if (value < 0x80)
                {
                    break;
                }
            }
        }

        var compact = new byte[BlockPayload.HeaderSize + 1 + length + frame.Length];
        delta[..BlockPayload.HeaderSize].CopyTo(compact);
        compact[5] = (byte)BlockCodec.HeldDelta;
        compact[BlockPayload.HeaderSize] = (byte)bases.Length;
        names.AsSpan(0, length).CopyTo(compact.AsSpan(BlockPayload.HeaderSize + 1));
        frame.CopyTo(compact.AsSpan(BlockPayload.HeaderSize + 1 + length));
        return compact;
    }

    /// <summary>
    /// A delta of either form as codec 2: a codec 3 delta's places looked up in <paramref name="held"/> (the blocks of
    /// the version the receiver named), a codec 2 delta copied. Throws <see cref="DigestMismatchException"/> when a
    /// place is malformed or outside <paramref name="held"/>.
    /// </summary>
    public static PooledBuffer Expand(ReadOnlySpan<byte> payload, string signature, IReadOnlyList<Manifests.BlockRef> held)
    {
        var (codec, _) = BlockPayload.ReadHeader(payload, signature, MaxRawBytes);
        if (codec == BlockCodec.Delta)
        {
            var copy = new PooledBuffer(payload.Length) { Length = payload.Length };
            payload.CopyTo(copy.Array);
            return copy;
        }

        if (codec != BlockCodec.HeldDelta)
        {
            throw DigestMismatchException.Undecodable(signature, "it is not a delta");
        }

        var body = payload[BlockPayload.HeaderSize..];
        var count = body.Length > 0 ? body[0] : 0;
        if (count is 0 or > MaxBases)
        {
            throw DigestMismatchException.Undecodable(signature, $"its delta names {count} bases");
        }

        var at = 1;
        var bases = new DeltaBase[count];
        long total = 0;
        for (var i = 0; i < count; i++)
        {
            uint place = 0;
            for (var shift = 0; ; shift += 7)
            {
                if (at >= body.Length || shift > 28)
                {
                    throw DigestMismatchException.Undecodable(signature, "its delta's base places are malformed");
                }

                var b = body[at++];
                place |= (uint)(b & 0x7f) << shift;
                if (b < 0x80)
                {
                    break;
                }
            }

            if (place >= held.Count || held[(int)place].Size > MaxRawBytes)
            {
                throw DigestMismatchException.Undecodable(signature, $"its delta names block {place} of a version of {held.Count}");
            }

            bases[i] = new DeltaBase(held[(int)place].Signature, held[(int)place].Size);
            total += bases[i].Size;
        }

        if (total > MaxPrefixBytes || at >= body.Length)
        {
            throw DigestMismatchException.Undecodable(signature, "its delta's bases are too large or it has no frame");
        }

        var frame = body[at..];
        var expanded = new PooledBuffer(FrameOffset(count) + frame.Length);
        payload[..BlockPayload.HeaderSize].CopyTo(expanded.Array);
        expanded.Array[5] = (byte)BlockCodec.Delta;
        WriteBases(expanded.Array.AsSpan(BlockPayload.HeaderSize), bases);

        frame.CopyTo(expanded.Array.AsSpan(FrameOffset(count)));
        expanded.Length = FrameOffset(count) + frame.Length;
        return expanded;
    }

    // The base count, then each base's SHA-256 and size: codec 2's base table, at the start of the body.
    private static void WriteBases(Span<byte> body, IReadOnlyList<DeltaBase> bases)
    {
        body[0] = (byte)bases.Count;
        for (var i = 0; i < bases.Count; i++)
        {
            var entry = body.Slice(1 + (i * BaseEntrySize), BaseEntrySize);
            Convert.FromHexString(bases[i].Signature, entry[..32], out _, out _);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[32..], (uint)bases[i].Size);
        }
    }

    private static int FrameOffset(int bases) => BlockPayload.HeaderSize + 1 + (bases * BaseEntrySize);

    /// <summary>The bases a delta payload names, checked for count and sizes; throws <see cref="DigestMismatchException"/> when malformed.</summary>
    public static DeltaBase[] ReadBases(ReadOnlySpan<byte> payload, string signature)
    {
        var (codec, _) = BlockPayload.ReadHeader(payload, signature, MaxRawBytes);
        if (codec != BlockCodec.Delta)
        {
            throw DigestMismatchException.Undecodable(signature, "it is not a delta");
        }

        var body = payload[BlockPayload.HeaderSize..];
        var count = body.Length > 0 ? body[0] : 0;
        if (count is 0 or > MaxBases || body.Length <= 1 + (count * BaseEntrySize))
        {
            throw DigestMismatchException.Undecodable(signature, $"its delta names {count} bases in {body.Length} bytes");
        }

        var bases = new DeltaBase[count];
        long total = 0;
        for (var i = 0; i < count; i++)
        {
            var entry = body.Slice(1 + (i * BaseEntrySize), BaseEntrySize);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(entry[32..]);
            if (size is 0 or > MaxRawBytes)
            {
                throw DigestMismatchException.Undecodable(signature, $"its delta names a base of {size} bytes");
            }

            total += size;
            bases[i] = new DeltaBase(Convert.ToHexStringLower(entry[..32]), (int)size);
        }

        if (total > MaxPrefixBytes)
        {
            throw DigestMismatchException.Undecodable(signature, $"its delta's bases hold {total} bytes, more than {MaxPrefixBytes}");
        }

        return bases;
    }

    /// <summary>
    /// Decodes a delta against <paramref name="prefix"/> (its bases' raw bytes, concatenated in order, verified by
    /// the caller) and verifies the result against <paramref name="signature"/> and <paramref name="expectedSize"/>.
    /// Throws <see cref="DigestMismatchException"/> on any corruption or a forged signature.
    /// </summary>
    public static PooledBlock Decode(ReadOnlySpan<byte> payload, string signature, ReadOnlySpan<byte> prefix, int? expectedSize = null)
    {
        var bases = ReadBases(payload, signature);
        var (_, rawLength) = BlockPayload.ReadHeader(payload, signature, MaxRawBytes);
        if (expectedSize is { } size && size != rawLength)
        {
            throw DigestMismatchException.Undecodable(signature, $"it holds {rawLength} bytes, not {size}");
        }

        if (prefix.Length != bases.Sum(b => (long)b.Size))
        {
            throw new ArgumentException($"the prefix holds {prefix.Length} bytes, not the {bases.Sum(b => (long)b.Size)} its bases do", nameof(prefix));
        }

        var frame = payload[FrameOffset(bases.Length)..];
        var buffer = ArrayPool<byte>.Shared.Rent(rawLength);
        PooledBlock? block = null;
        try
        {
            int written;
            try
            {
                written = ZstdPrefix.Decompress(frame, prefix, buffer.AsSpan(0, rawLength));
            }
            catch (InvalidDataException e)
            {
                throw DigestMismatchException.Undecodable(signature, $"its delta does not decode: {e.Message}");
            }

            if (written != rawLength)
            {
                throw DigestMismatchException.Undecodable(signature, $"its delta decodes to {written} bytes, not {rawLength}");
            }

            block = PooledBlock.Adopt(buffer, rawLength);
            block.Verify(signature);
            return block;
        }
        catch
        {
            if (block is null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
            else
            {
                block.Dispose();
            }

            throw;
        }
    }

    /// <summary>The bases' raw bytes concatenated in order, the prefix <see cref="Encode"/> and <see cref="Decode"/> take.</summary>
    public static PooledBuffer Prefix(IReadOnlyList<ReadOnlyMemory<byte>> bases)
    {
        var prefix = new PooledBuffer(Math.Max(1, bases.Sum(b => b.Length)));
        var at = 0;
        foreach (var b in bases)
        {
            b.Span.CopyTo(prefix.Array.AsSpan(at));
            at += b.Length;
        }

        prefix.Length = at;
        return prefix;
    }
}
