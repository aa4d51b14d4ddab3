namespace AetherFS.Protocol.Rest;

/// <summary>One UTC day of <see cref="DatasetStatsResponse.Days"/>: pulls in all and per reference (tag or digest).</summary>
public sealed record DayStats(string Date, long Pulls, long BytesServed, int Clients, IReadOnlyDictionary<string, long> PullsByTag);
