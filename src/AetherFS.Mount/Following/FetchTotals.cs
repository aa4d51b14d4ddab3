using AetherFS.Mount.Datasets;

namespace AetherFS.Mount.Following;

/// <summary>
/// What a mount's reads cost: blocks and bytes from the cache (as stored) and from the hub (compressed, as they
/// travelled, in how many requests), beside the distinct blocks foreground reads touched (raw bytes): hub bytes over
/// touched bytes says what read-ahead and prefetch added. Of the blocks from the hub, those that came as deltas
/// against the version served before (a following mount) and their bytes.
/// </summary>
public sealed record FetchTotals(long BlocksFromCache, long BytesFromCache, long BlocksFromHub, long BytesFromHub, long HubRequests, long BlocksTouched, long BytesTouched, long BlocksDelta, long BytesDelta)
{
    public static FetchTotals None { get; } = new(0, 0, 0, 0, 0, 0, 0, 0, 0);

    public static FetchTotals Of(ReadCounters reads) =>
        new(reads.Fetched.FromCache, reads.Fetched.BytesFromCache, reads.BlocksFetched, reads.BytesFetched, reads.HubRequests, reads.BlocksTouched, reads.BytesTouched, reads.Fetched.Deltas, reads.Fetched.BytesDelta);

    public FetchTotals Plus(FetchTotals other) => new(
        BlocksFromCache + other.BlocksFromCache,
        BytesFromCache + other.BytesFromCache,
        BlocksFromHub + other.BlocksFromHub,
        BytesFromHub + other.BytesFromHub,
        HubRequests + other.HubRequests,
        BlocksTouched + other.BlocksTouched,
        BytesTouched + other.BytesTouched,
        BlocksDelta + other.BlocksDelta,
        BytesDelta + other.BytesDelta);

    /// <summary>The <c>key=value</c> form of the summary line <c>aetherfs mount</c> prints when it ends.</summary>
    public override string ToString() =>
        $"cache_blocks={BlocksFromCache} cache_bytes={BytesFromCache} hub_blocks={BlocksFromHub} hub_bytes={BytesFromHub} hub_requests={HubRequests} touched_blocks={BlocksTouched} touched_bytes={BytesTouched} delta_blocks={BlocksDelta} delta_bytes={BytesDelta}";
}
