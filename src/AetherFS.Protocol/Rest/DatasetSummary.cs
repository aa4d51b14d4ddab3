namespace AetherFS.Protocol.Rest;

/// <summary>One dataset in a listing.</summary>
public sealed record DatasetSummary(string Name);
