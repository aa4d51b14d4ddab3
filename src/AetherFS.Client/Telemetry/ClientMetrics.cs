using System.Diagnostics.Metrics;

namespace AetherFS.Client.Telemetry;

/// <summary>
/// The fetch path's and the block cache's instruments. Static: the fetcher and the cache are built by hand in the
/// agent and the CLI alike, and an instrument nobody listens to (the CLI) costs one check. Only the agent exports
/// them, so the names carry its prefix. The tags are preallocated: recording a block allocates nothing.
/// </summary>
public static class ClientMetrics
{
    public const string MeterName = "AetherFS.Client";

    /// <summary>Where a block came from: "peer" counts blocks another agent served (verified here).</summary>
    public static readonly string[] Sources = ["cache", "local", "hub", "peer"];

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Blocks = Meter.CreateCounter<long>("aetherfs.agent.blocks", description: "Blocks fetched, by source (cache, local version on disk, hub, peer).");
    private static readonly Counter<long> BlockBytes = Meter.CreateCounter<long>("aetherfs.agent.block", "By", "Bytes of the blocks fetched, by source: as they travelled from the hub (compressed), raw from the cache and the local version.");
    private static readonly Counter<long> Evictions = Meter.CreateCounter<long>("aetherfs.agent.cache.evictions", description: "Cache segments evicted to stay within the cache budget.");
    private static readonly Counter<long> PeerVerifyFailures = Meter.CreateCounter<long>("aetherfs.agent.peer.verify_failures", description: "Blocks a peer served that did not match their signature (the peer was set aside).");
    private static readonly Counter<long> JoinedFetches = Meter.CreateCounter<long>("aetherfs.agent.block.fetches.joined", description: "Blocks that waited for a hub fetch already under way (for this agent or a peer) instead of being fetched again.");
    private static readonly Counter<long> EvictedBytes = Meter.CreateCounter<long>("aetherfs.agent.cache.evicted", "By", "Bytes the cache evicted to stay within its budget.");

    private static readonly KeyValuePair<string, object?> Cache = new("source", "cache");
    private static readonly KeyValuePair<string, object?> Local = new("source", "local");
    private static readonly KeyValuePair<string, object?> Hub = new("source", "hub");
    private static readonly KeyValuePair<string, object?> Peer = new("source", "peer");

    /// <summary>Creates every series at 0, so a dashboard's ratio is defined before the first block.</summary>
    public static void Initialise()
    {
        foreach (var source in Sources)
        {
            Blocks.Add(0, new KeyValuePair<string, object?>("source", source));
            BlockBytes.Add(0, new KeyValuePair<string, object?>("source", source));
        }

        Evictions.Add(0);
        EvictedBytes.Add(0);
        PeerVerifyFailures.Add(0);
        JoinedFetches.Add(0);
    }

    public static void FromCache(long bytes) => Record(Cache, bytes);

    public static void FromLocal(long bytes) => Record(Local, bytes);

    public static void FromHub(long bytes) => Record(Hub, bytes);

    /// <summary>A block another agent served, as it travelled (compressed).</summary>
    public static void FromPeer(long bytes) => Record(Peer, bytes);

    public static void PeerVerifyFailed() => PeerVerifyFailures.Add(1);

    public static void JoinedFetch(int blocks) => JoinedFetches.Add(blocks);

    public static void Evicted(long bytes)
    {
        Evictions.Add(1);
        EvictedBytes.Add(bytes);
    }

    private static void Record(KeyValuePair<string, object?> source, long bytes)
    {
        Blocks.Add(1, source);
        BlockBytes.Add(bytes, source);
    }
}
