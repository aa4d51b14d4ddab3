namespace AetherFS.Hub.GarbageCollection;

/// <summary>
/// One collection's settings: report only (<see cref="DryRun"/>), how young an unreferenced object must be to stay,
/// and the fraction of a pack's payload bytes that may be dead before the pack is rewritten (0: any).
/// </summary>
internal sealed record GcRunOptions(bool DryRun, TimeSpan Grace, double MaxUnused = GcRunOptions.DefaultMaxUnused)
{
    /// <summary>Half: a rewrite then copies at most one byte for each byte it frees (restic prunes at 5% unused overall, borg 10% per pack).</summary>
    public const double DefaultMaxUnused = 0.5;
}
