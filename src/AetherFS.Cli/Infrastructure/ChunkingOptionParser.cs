using AetherFS.Core.Manifests;
using AetherFS.Core.Units;

namespace AetherFS.Cli.Infrastructure;

/// <summary>Turns --chunking, --chunk-size and --block-size into chunking parameters, with one clear error.</summary>
internal static class ChunkingOptionParser
{
    public static ChunkingParameters Parse(string algorithm, string? chunkSizes, string? blockSize)
    {
        ChunkingParameters parameters;
        switch (algorithm)
        {
            case ChunkingParameters.Fixed:
                if (chunkSizes is not null)
                {
                    throw new CliException("--chunk-size goes with --chunking fastcdc; fixed chunking takes --block-size");
                }

                parameters = ChunkingParameters.FixedSize(blockSize is null ? ChunkingParameters.DefaultBlockSize : (int)ParseSize(blockSize, "--block-size"));
                break;
            case ChunkingParameters.FastCdc or "cdc":
                if (blockSize is not null)
                {
                    throw new CliException("--block-size goes with --chunking fixed; content-defined chunking takes --chunk-size MIN:AVG:MAX");
                }

                parameters = chunkSizes is null ? ChunkingParameters.Default : ParseTriple(chunkSizes);
                break;
            default:
                throw new CliException($"invalid --chunking '{algorithm}': use fastcdc or fixed");
        }

        return parameters.Validate() is { } error ? throw new CliException($"invalid chunking: {error}") : parameters;
    }

    private static ChunkingParameters ParseTriple(string text)
    {
        var parts = text.Split(':');
        if (parts.Length != 3)
        {
            throw new CliException($"invalid --chunk-size '{text}': give MIN:AVG:MAX, e.g. 16KiB:64KiB:256KiB");
        }

        return ChunkingParameters.ContentDefined(
            (int)ParseSize(parts[0], "--chunk-size"),
            (int)ParseSize(parts[1], "--chunk-size"),
            (int)ParseSize(parts[2], "--chunk-size"));
    }

    private static long ParseSize(string text, string option) =>
        ByteSize.TryParse(text, out var bytes) && bytes is >= ChunkingParameters.MinBlockSize and <= ChunkingParameters.MaxBlockSize
            ? bytes
            : throw new CliException($"invalid {option} '{text}': give sizes between 1KiB and 64MiB");
}
