using AetherFS.Core.Manifests;

namespace AetherFS.Core.Blocks;

/// <summary>Cuts the packed stream every <c>blockSize</c> bytes: cheap, but an insertion moves every later boundary.</summary>
public sealed class FixedSizeChunker : IChunker
{
    public FixedSizeChunker(int blockSize)
    {
        if (blockSize is < ChunkingParameters.MinBlockSize or > ChunkingParameters.MaxBlockSize)
        {
            throw new ArgumentOutOfRangeException(nameof(blockSize), blockSize, $"block size must be between {ChunkingParameters.MinBlockSize} and {ChunkingParameters.MaxBlockSize} bytes");
        }

        Parameters = ChunkingParameters.FixedSize(blockSize);
    }

    public ChunkingParameters Parameters { get; }

    public int MaxBlockSize => Parameters.BlockSize;

    public bool CutsAtFileStarts => false;

    public int NextCut(ReadOnlySpan<byte> data, bool final) => Math.Min(data.Length, Parameters.BlockSize);
}
