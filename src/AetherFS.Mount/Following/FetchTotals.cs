namespace AetherFS.Mount.Following;

/// <summary>Where a mount's blocks came from: the cache (bytes as stored) and the hub (bytes that travelled, compressed).</summary>
public sealed record FetchTotals(long BlocksFromCache, long BytesFromCache, long BlocksFromHub, long BytesFromHub);
