namespace AetherFS.Protocol.Rest;

/// <summary>
/// Counts for one kind of stored object. Kept objects are referenced (by a tag, or by a manifest that is kept), young
/// (written within the grace period) or claimed (by a push in flight); bytes are as stored, compressed.
/// <see cref="Restored"/> counts objects put back because a claim on them arrived while they were being deleted.
/// </summary>
public sealed record GcObjectReport(
    long Examined,
    long Kept,
    long KeptBytes,
    long Referenced,
    long Young,
    long Claimed,
    long Deleted,
    long DeletedBytes,
    long Restored);
