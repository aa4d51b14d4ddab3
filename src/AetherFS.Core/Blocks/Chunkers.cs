using AetherFS.Core.Manifests;

namespace AetherFS.Core.Blocks;

/// <summary>Makes the chunker that cuts by given parameters.</summary>
public static class Chunkers
{
    public static IChunker Create(ChunkingParameters parameters) => parameters.Algorithm switch
    {
        ChunkingParameters.Fixed => new FixedSizeChunker(parameters.BlockSize),
        ChunkingParameters.FastCdc => new FastCdcChunker(parameters),
        _ => throw new ArgumentException($"unknown chunking algorithm '{parameters.Algorithm}'", nameof(parameters)),
    };
}
