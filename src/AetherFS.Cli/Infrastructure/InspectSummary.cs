namespace AetherFS.Cli.Infrastructure;

/// <summary>What <c>aetherfs inspect --json</c> prints.</summary>
internal sealed record InspectSummary(
    string Name,
    string? Tag,
    string Digest,
    int Files,
    int Directories,
    int Symlinks,
    long Bytes,
    int Blocks,
    int UniqueBlocks,
    string Chunking,
    int MinBlockSize,
    int AvgBlockSize,
    int MaxBlockSize,
    InspectComparison? ComparedWith,
    IReadOnlyList<InspectEntry>? Entries);
