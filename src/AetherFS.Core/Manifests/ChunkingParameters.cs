namespace AetherFS.Core.Manifests;

/// <summary>
/// How the packed stream was cut into blocks, recorded in every manifest so that chunking can change between
/// versions. Fixed-size chunking has MinSize = AverageSize = MaxSize = the block size.
/// </summary>
public sealed record ChunkingParameters(string Algorithm, int MinSize, int AverageSize, int MaxSize)
{
    public const string Fixed = "fixed";
    public const string FastCdc = "fastcdc";
    public const int DefaultBlockSize = 4 * 1024 * 1024;
    public const int MinBlockSize = 1024;
    public const int MaxBlockSize = 64 * 1024 * 1024;

    /// <summary>The default: content-defined chunks of 16 KiB to 256 KiB, 64 KiB on average (see docs/chunking.md).</summary>
    public static ChunkingParameters Default { get; } = ContentDefined(16 * 1024, 64 * 1024, 256 * 1024);

    /// <summary>The fixed block size (for fixed chunking) or the largest block (for content-defined chunking).</summary>
    public int BlockSize => MaxSize;

    public static ChunkingParameters FixedSize(int blockSize) => new(Fixed, blockSize, blockSize, blockSize);

    public static ChunkingParameters ContentDefined(int minSize, int averageSize, int maxSize) => new(FastCdc, minSize, averageSize, maxSize);

    /// <summary>Null when the parameters are usable, else why not.</summary>
    public string? Validate()
    {
        switch (Algorithm)
        {
            case Fixed when MinSize != AverageSize || AverageSize != MaxSize:
                return "fixed chunking has one block size";
            case Fixed or FastCdc:
                break;
            default:
                return $"unknown chunking algorithm '{Algorithm}'";
        }

        if (MinSize < MinBlockSize || MaxSize > MaxBlockSize)
        {
            return $"block sizes must lie between {MinBlockSize} and {MaxBlockSize} bytes";
        }

        if (Algorithm == FastCdc && !(MinSize < AverageSize && AverageSize < MaxSize && int.IsPow2(AverageSize)))
        {
            return "content-defined chunking needs min < average < max, with a power-of-two average";
        }

        return null;
    }
}
