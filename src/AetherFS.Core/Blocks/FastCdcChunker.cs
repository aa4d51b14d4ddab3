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

    public unsafe int NextCut(ReadOnlySpan<byte> data, bool final)
    {
        var length = data.Length;
        if (length <= _min)
        {
            return length;
        }

        var normal = Math.Min(_average, length);
        var end = Math.Min(_max, length);
        ulong hash = 0;
        var i = _min;
        fixed (byte* bytes = data)
        fixed (ulong* gear = GearTable.Values)
        {
            for (; i < normal; i++)
            {
                hash = (hash << 1) + gear[bytes[i]];
                if ((hash & _hardMask) == 0)
                {
                    return i + 1;
                }
            }

            for (; i < end; i++)
            {
                hash = (hash << 1) + gear[bytes[i]];
                if ((hash & _easyMask) == 0)
                {
                    return i + 1;
                }
            }
        }

        return end;
    }
}
