namespace AetherFS.Protocol.Rest;

/// <summary>The signatures of the request that the hub does not hold.</summary>
public sealed record MissingBlocksResponse(IReadOnlyList<string> Missing);
