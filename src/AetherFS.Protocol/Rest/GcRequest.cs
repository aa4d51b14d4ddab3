namespace AetherFS.Protocol.Rest;

/// <summary>
/// Asks the hub to collect garbage: <see cref="DryRun"/> only reports; <see cref="Grace"/> (e.g. "1h") and
/// <see cref="MaxUnused"/> (the percentage of a pack's bytes that may be dead before it is rewritten; 0 rewrites every
/// pack holding anything dead, so deleted data is really gone) override the hub's defaults.
/// </summary>
public sealed record GcRequest(bool? DryRun, string? Grace, int? MaxUnused = null);
