using AetherFS.Protocol.Rest;

namespace AetherFS.Hub.GarbageCollection;

/// <summary>Counts of one kind of object (manifests or blocks) during a collection; the sweep updates it from several tasks.</summary>
internal sealed class ObjectTally
{
    private long _examined, _referenced, _young, _claimed, _unreclaimed, _keptBytes, _deleted, _deletedBytes, _restored;

    public void Examine() => Interlocked.Increment(ref _examined);

    public void KeepReferenced(long bytes) => Keep(ref _referenced, bytes);

    public void KeepYoung(long bytes) => Keep(ref _young, bytes);

    public void KeepClaimed(long bytes) => Keep(ref _claimed, bytes);

    /// <summary>Dead, but kept inside a pack that is mostly live (compaction reclaims it once enough of the pack is dead).</summary>
    public void KeepUnreclaimed(long bytes) => Keep(ref _unreclaimed, bytes);

    /// <summary>Brought back (copied into a new pack) because a claim on it arrived while its pack was deleted; counted as kept elsewhere.</summary>
    public void CountRestored() => Interlocked.Increment(ref _restored);

    public void Delete(long bytes)
    {
        Interlocked.Increment(ref _deleted);
        Interlocked.Add(ref _deletedBytes, bytes);
    }

    /// <summary>Deleted, then put back because a claim on it arrived meanwhile: kept, as claimed.</summary>
    public void Restore(long bytes)
    {
        Interlocked.Increment(ref _restored);
        KeepClaimed(bytes);
    }

    public GcObjectReport ToReport() => new(
        _examined,
        _referenced + _young + _claimed + _unreclaimed,
        _keptBytes,
        _referenced,
        _young,
        _claimed,
        _deleted,
        _deletedBytes,
        _restored);

    private void Keep(ref long counter, long bytes)
    {
        Interlocked.Increment(ref counter);
        Interlocked.Add(ref _keptBytes, bytes);
    }
}
