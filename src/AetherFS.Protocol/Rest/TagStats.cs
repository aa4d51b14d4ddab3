namespace AetherFS.Protocol.Rest;

/// <summary>
/// One current tag in <see cref="DatasetStatsResponse"/>: its use in the period and its version's storage. Sizes are
/// raw block bytes; <see cref="UniqueBytes"/> are held by no other version of the dataset, <see cref="FreedIfDeleted"/>
/// by no other tag of any dataset (zero when another tag names the same version).
/// </summary>
public sealed record TagStats(string Tag, string Digest, long Pulls, int Clients, long BytesServed, long UniqueBytes, long FreedIfDeleted, bool Stale);
