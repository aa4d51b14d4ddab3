namespace AetherFS.Client.Caching;

/// <summary>Where one cached block lies: its segment, the offset of its record header there, and its payload's length.</summary>
internal readonly record struct CacheRecord(CacheSegment Segment, long Offset, int PayloadLength)
{
    /// <summary>The header and the payload: what the record takes on disk.</summary>
    public int Length => CacheRecordHeader.Size + PayloadLength;
}
