namespace AetherFS.Client.Caching;

/// <summary>What came of trying to take a segment's lock, which only whoever appends to or evicts the segment holds.</summary>
internal enum CacheSegmentClaim
{
    /// <summary>This instance holds the lock: nobody else appends to the segment or deletes it.</summary>
    Claimed,

    /// <summary>Another process (or instance) holds it: it is appending to the segment, or evicting it.</summary>
    Busy,

    /// <summary>The segment's log is gone: another process evicted it.</summary>
    Gone,
}
