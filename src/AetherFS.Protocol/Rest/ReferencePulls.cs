namespace AetherFS.Protocol.Rest;

/// <summary>Pulls of a digest, or of a tag that no longer exists, in <see cref="DatasetStatsResponse.Other"/>.</summary>
public sealed record ReferencePulls(string Reference, long Pulls, int Clients, long BytesServed);
