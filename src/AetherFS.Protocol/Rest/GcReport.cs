namespace AetherFS.Protocol.Rest;

/// <summary>What one garbage collection found and deleted (or, in a dry run, would delete).</summary>
public sealed record GcReport(
    bool DryRun,
    string Grace,
    DateTime StartedAt,
    long DurationMs,
    IReadOnlyList<ExpiredTagInfo> ExpiredTags,
    GcObjectReport Manifests,
    GcObjectReport Blocks,
    GcClaimReport Claims);
