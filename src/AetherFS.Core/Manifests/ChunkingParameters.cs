namespace AetherFS.Core.Manifests;

/// <summary>How the packed stream was cut into blocks, recorded so that chunking can change between versions.</summary>
public sealed record ChunkingParameters(string Algorithm, int BlockSize)
{
    public const string Fixed = "fixed";
    public const int DefaultBlockSize = 4 * 1024 * 1024;
    public const int MinBlockSize = 1024;
    public const int MaxBlockSize = 64 * 1024 * 1024;

    public static ChunkingParameters FixedSize(int blockSize) => new(Fixed, blockSize);
}
