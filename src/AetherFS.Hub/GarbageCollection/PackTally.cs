using AetherFS.Protocol.Rest;

namespace AetherFS.Hub.GarbageCollection;

/// <summary>Counts of packs during a collection (<see cref="GcPackReport"/>).</summary>
internal sealed class PackTally
{
    public long Examined { get; set; }

    public long Kept { get; set; }

    public long Rewritten { get; set; }

    public long Deleted { get; set; }

    public long ReadBytes { get; set; }

    public long WrittenBytes { get; set; }

    public long RemovedBytes { get; set; }

    public long Segments { get; set; }

    public long SegmentsMerged { get; set; }

    public GcPackReport ToReport() => new(Examined, Kept, Rewritten, Deleted, ReadBytes, WrittenBytes, Math.Max(0, RemovedBytes - WrittenBytes), Segments, SegmentsMerged);
}
