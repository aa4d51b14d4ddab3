namespace AetherFS.Protocol.Rest;

/// <summary>
/// What one garbage collection found and deleted (or, in a dry run, would delete). <see cref="Blocks"/> counts chunks
/// (in packs, and loose ones from before packs); <see cref="Packs"/> the storage objects that hold them.
/// </summary>
public sealed record GcReport(
    bool DryRun,
    string Grace,
    DateTime StartedAt,
    long DurationMs,
    IReadOnlyList<ExpiredTagInfo> ExpiredTags,
    GcObjectReport Manifests,
    GcObjectReport Blocks,
    GcPackReport Packs,
    GcClaimReport Claims);
