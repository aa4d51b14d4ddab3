namespace AetherFS.Protocol.Rest;

/// <summary>Asks the hub to collect garbage: <see cref="DryRun"/> only reports; <see cref="Grace"/> (e.g. "1h") overrides the hub's default.</summary>
public sealed record GcRequest(bool? DryRun, string? Grace);
