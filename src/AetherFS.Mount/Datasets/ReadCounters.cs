using System.Collections.Concurrent;
using AetherFS.Client.Fetch;
using AetherFS.Core.Manifests;

namespace AetherFS.Mount.Datasets;

/// <summary>
/// What the reads of a mount cost: the blocks foreground reads touched beside the blocks fetched from the hub (read
/// ahead and prefetched included), so fetched/touched says how much transfer read-ahead added.
/// </summary>
public sealed class ReadCounters
{
    // Distinct by signature, like fetches: a block repeated in the version is touched, and fetched, once.
    private readonly ConcurrentDictionary<string, byte> _touched = new(StringComparer.Ordinal);
    private long _bytesTouched;
    private int _hubRequests;
    private int _readAheadBlocks;

    /// <summary>Where fetched blocks came from (cache or hub) and the compressed bytes that came from the hub.</summary>
    public FetchCounters Fetched { get; } = new();

    /// <summary>Distinct blocks foreground reads needed.</summary>
    public int BlocksTouched => _touched.Count;

    /// <summary>Raw (decoded) bytes of the distinct blocks foreground reads needed.</summary>
    public long BytesTouched => Interlocked.Read(ref _bytesTouched);

    /// <summary>Blocks downloaded from the hub, for any reason.</summary>
    public int BlocksFetched => Fetched.Downloaded;

    /// <summary>Compressed bytes downloaded from the hub.</summary>
    public long BytesFetched => Fetched.BytesDownloaded;

    /// <summary>Requests that downloaded at least one block (one request may carry many blocks).</summary>
    public int HubRequests => _hubRequests;

    /// <summary>Blocks asked for ahead of sequential readers (fetched unless already cached).</summary>
    public int ReadAheadBlocks => _readAheadBlocks;

    internal void Touch(BlockRef block)
    {
        if (_touched.TryAdd(block.Signature, 0))
        {
            Interlocked.Add(ref _bytesTouched, block.Size);
        }
    }

    internal void AddFetch(FetchCounters fetch)
    {
        Fetched.Add(fetch);
        if (fetch.Downloaded > 0)
        {
            Interlocked.Increment(ref _hubRequests);
        }
    }

    internal void AddReadAhead(int blocks) => Interlocked.Add(ref _readAheadBlocks, blocks);
}
