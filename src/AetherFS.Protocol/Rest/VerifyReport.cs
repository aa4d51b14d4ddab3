namespace AetherFS.Protocol.Rest;

/// <summary>
/// What a verification of the store found: how much it read, and each corrupt block (now quarantined) and bad manifest.
/// The lists hold at most <see cref="MaxListed"/> entries each; the counts are complete.
/// </summary>
public sealed record VerifyReport(
    DateTime StartedAt,
    long DurationMs,
    long? MaxBytesPerSecond,
    long Packs,
    long Blocks,
    long Bytes,
    long Manifests,
    long BadBlockCount,
    long BadManifestCount,
    IReadOnlyList<BadBlockInfo> BadBlocks,
    IReadOnlyList<BadManifestInfo> BadManifests)
{
    /// <summary>The most bad blocks, and bad manifests, a report names.</summary>
    public const int MaxListed = 1000;
}
