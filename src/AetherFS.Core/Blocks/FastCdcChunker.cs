using System.Numerics;
using AetherFS.Core.Manifests;

namespace AetherFS.Core.Blocks;

/// <summary>
/// Content-defined chunking after FastCDC (Xia et al., USENIX ATC 2016): a gear rolling hash, no hashing of the
/// first MinSize bytes of a chunk (cut-point skipping), and normalized chunking, a harder mask before the average
/// size and an easier one after it, so sizes cluster around the average. A boundary depends only on the 64 bytes
/// before it, so an insertion or deletion moves only the boundaries next to it.
/// </summary>
public sealed class FastCdcChunker : IChunker
{
    // Normalization level 2 of the paper: masks with two bits more and two bits fewer than log2(average).
    private const int NormalizationBits = 2;
    private readonly int _min;
    private readonly int _average;
    private readonly int _max;
    private readonly ulong _hardMask;
    private readonly ulong _easyMask;

    public FastCdcChunker(ChunkingParameters parameters)
    {
        var error = parameters.Algorithm == ChunkingParameters.FastCdc ? parameters.Validate() : "not fastcdc";
        if (error is not null)
        {
            throw new ArgumentException($"invalid content-defined chunking parameters {parameters}: {error}", nameof(parameters));
        }

        Parameters = parameters;
        (_min, _average, _max) = (parameters.MinSize, parameters.AverageSize, parameters.MaxSize);
        var bits = BitOperations.Log2((uint)_average);
        // The gear hash's high bits depend on the most bytes (bit k on the last k+1), so the masks test high bits.
        _hardMask = ulong.MaxValue << (64 - (bits + NormalizationBits));
        _easyMask = ulong.MaxValue << (64 - Math.Max(1, bits - NormalizationBits));
    }

    public ChunkingParameters Parameters { get; }

    public int MaxBlockSize => _max;

    public bool CutsAtFileStarts => true;

    public unsafe int NextCut(ReadOnlySpan<byte> data, bool final)
    {
        var length = data.Length;
        if (length <= _min)
        {
            return length;
        }

        var normal = Math.Min(_average, length);
        var end = Math.Min(_max, length);
        fixed (byte* bytes = data)
        fixed (ulong* gear = GearTable.Values)
        {
            ulong hash = 0;
            var i = Scan(bytes, gear, _min, normal, _hardMask, ref hash);
            if (i >= 0)
            {
                return i;
            }

            i = Scan(bytes, gear, normal, end, _easyMask, ref hash);
            return i >= 0 ? i : end;
        }
    }

    // Returns the cut (one past the byte where hash & mask == 0) or -1. Two bytes per step: the hash after both
    // is (h << 2) + (g[b0] << 1) + g[b1], so the loop-carried chain is one shift and one add per two bytes while
    // the hash after the first byte is still checked, keeping the cut points of the one-byte loop exactly.
    private static unsafe int Scan(byte* bytes, ulong* gear, int from, int to, ulong mask, ref ulong hash)
    {
        var h = hash;
        var i = from;
        for (; i + 1 < to; i += 2)
        {
            var g0 = gear[bytes[i]];
            var g1 = gear[bytes[i + 1]];
            var first = (h << 1) + g0;
            h = (h << 2) + (g0 << 1) + g1;
            if ((first & mask) == 0)
            {
                hash = first;
                return i + 1;
            }

            if ((h & mask) == 0)
            {
                hash = h;
                return i + 2;
            }
        }

        if (i < to)
        {
            h = (h << 1) + gear[bytes[i]];
            if ((h & mask) == 0)
            {
                hash = h;
                return i + 1;
            }

            i++;
        }

        hash = h;
        return -1;
    }
}
