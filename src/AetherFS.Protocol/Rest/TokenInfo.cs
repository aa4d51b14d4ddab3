namespace AetherFS.Protocol.Rest;

/// <summary>An API token as listed: what it may do and until when, never its secret.</summary>
public sealed record TokenInfo(string Name, string Owner, IReadOnlyList<string> Datasets, IReadOnlyList<string> Actions, DateTimeOffset? Expires, DateTimeOffset Created);
