namespace AetherFS.Cli.Infrastructure;

/// <summary>One entry in <c>aetherfs inspect --files --json</c>.</summary>
internal sealed record InspectEntry(string Path, string Type, long Size, string Mode, DateTime ModifiedAt, string? Target, string? Sha256);
