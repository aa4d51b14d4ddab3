namespace AetherFS.Hub.Usage;

/// <summary>One tag's (or digest's) use within one hour on one hub: manifest fetches, bytes served, and keyed hashes of its clients.</summary>
internal sealed record ReferenceUsage(long Pulls, long BytesServed, IReadOnlyList<string> Clients);
