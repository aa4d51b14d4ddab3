namespace AetherFS.Protocol.Rest;

/// <summary>
/// What a collection did to packs: examined, kept as they are, rewritten (their live chunks copied into new packs
/// because too little of them was live, or because they were small), deleted (nothing live). Bytes are as stored:
/// read and written by rewriting, and freed (old packs gone less new packs written). <see cref="Segments"/> counts
/// index segments read; <see cref="SegmentsMerged"/> those replaced by one consolidated segment.
/// </summary>
public sealed record GcPackReport(
    long Examined,
    long Kept,
    long Rewritten,
    long Deleted,
    long ReadBytes,
    long WrittenBytes,
    long FreedBytes,
    long Segments,
    long SegmentsMerged);
