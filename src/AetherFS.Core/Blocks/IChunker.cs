using AetherFS.Core.Manifests;

namespace AetherFS.Core.Blocks;

/// <summary>Decides where the packed stream is cut into blocks.</summary>
public interface IChunker
{
    /// <summary>The parameters recorded in the manifest.</summary>
    ChunkingParameters Parameters { get; }

    /// <summary>The largest block this chunker ever cuts: the size of the buffer it needs.</summary>
    int MaxBlockSize { get; }

    /// <summary>
    /// Whether a block also ends where a file starts (once it holds at least the minimum size), so that a file
    /// moved or renamed between versions keeps its blocks.
    /// </summary>
    bool CutsAtFileStarts { get; }

    /// <summary>
    /// The length of the next block at the start of <paramref name="data"/>. <paramref name="data"/> holds
    /// <see cref="MaxBlockSize"/> bytes unless the stream ends, which <paramref name="final"/> says.
    /// </summary>
    int NextCut(ReadOnlySpan<byte> data, bool final);
}
