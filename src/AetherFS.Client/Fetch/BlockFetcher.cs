using AetherFS.Client.Caching;
using AetherFS.Client.Hub;
using AetherFS.Client.Telemetry;
using AetherFS.Core.Blocks;
using AetherFS.Core.Manifests;

namespace AetherFS.Client.Fetch;

/// <summary>
/// Gets blocks from the nearest place that has them: a small memory cache, the local disk cache, the version
/// already on local disk, then the hub, many at once (whose payloads are verified, then kept in the caches). Shared by the pull command and the agent,
/// so both download a block at most once. A caller that names a version it holds (<see cref="DeltaBasis"/>) may get
/// blocks as deltas against that version's blocks, decoded here (see BlockFetcher.Deltas.cs).
/// </summary>
public sealed partial class BlockFetcher
{
    private readonly HubClient _hub;
    private readonly DiskBlockCache? _cache;
    private readonly bool _writeCache;
    private volatile string? _cacheFailure;
    private readonly MemoryBlockCache _memory;
    private readonly Peers.PeerFetcher? _peers;
    private readonly InFlightBlocks _inFlight = new();

    /// <param name="memoryBytes">The budget of the in-memory cache in front of the disk cache.</param>
    /// <param name="peers">The agent's peers, asked before the hub; none for the CLI.</param>
    public BlockFetcher(HubClient hub, DiskBlockCache? cache, bool writeCache = true, long memoryBytes = 32 * 1024 * 1024, Peers.PeerFetcher? peers = null)
    {
        _hub = hub;
        _cache = cache;
        _writeCache = writeCache && cache is not null;
        _memory = new MemoryBlockCache(memoryBytes);
        _peers = peers;
    }

    /// <summary>Blocks that waited for a hub fetch already under way rather than fetch them again.</summary>
    public long JoinedFetches => _inFlight.Joined;

    /// <summary>
    /// Why the disk cache stopped being used, when it failed (a full or broken file system); null while it works. The
    /// cache is best-effort: blocks then come from the hub, and the caller says so once.
    /// </summary>
    public string? CacheFailure => _cacheFailure;

    /// <summary>
    /// Whether the disk cache holds the block, without reading it: background fills skip what is there rather than
    /// decode and verify it for nothing.
    /// </summary>
    public bool IsCached(string signature) => _cache is not null && _cacheFailure is null && _cache.Contains(signature);

    /// <summary>
    /// Gets a run of blocks: those held nearby (memory, disk cache, the version on disk) from there, all the others
    /// from the hub in one request, which it serves with few reads of its packs. Each distinct block once.
    /// </summary>
    /// <param name="remember">
    /// Also keep what is read in the memory cache: for callers that read the same blocks again soon (a mount's
    /// neighbouring reads share the blocks at their edges), not for a pull, which writes each block once.
    /// </param>
    /// <param name="basis">The version the caller holds and the one the blocks belong to: the hub may then answer deltas.</param>
    public async Task<FetchedBlocks> FetchManyAsync(IReadOnlyList<BlockRef> blocks, LocalVersionSource? local, FetchCounters counters, CancellationToken cancellationToken, bool remember = false, DeltaBasis? basis = null)
    {
        var fetched = new FetchedBlocks();
        try
        {
            var remote = new List<BlockRef>();
            foreach (var block in blocks.DistinctBy(b => b.Signature))
            {
                if (await TryNearbyAsync(block, local, counters, remember, cancellationToken) is { } near)
                {
                    fetched.Add(block.Signature, near);
                }
                else
                {
                    remote.Add(block);
                }
            }

            if (remote.Count > 0 && _peers is not null)
            {
                remote = await _peers.FetchAsync(
                    remote,
                    async (block, payload) => fetched.Add(block.Signature, await AcceptFromPeerAsync(block, payload, counters, remember, cancellationToken)),
                    (slow, ct) => FetchFromHubOnceAsync(slow, local, basis, fetched, counters, remember, ct),
                    cancellationToken);
            }

            if (remote.Count > 0)
            {
                try
                {
                    await FetchFromHubOnceAsync(remote, local, basis, fetched, counters, remember, cancellationToken);
                }
                catch (Exception e) when (_peers is not null && e is HubUnavailableException or HubException { IsTransient: true } or HttpIOException)
                {
                    // The hub is down: the peers may hold what is left (one that synced this version holds all of it).
                    var left = remote.Where(b => !fetched.Contains(b.Signature)).ToList();
                    if ((await _peers.RescueAsync(left, async (block, payload) => fetched.Add(block.Signature, await AcceptFromPeerAsync(block, payload, counters, remember, cancellationToken)), cancellationToken)).Count > 0)
                    {
                        throw;
                    }
                }
            }

            return fetched;
        }
        catch
        {
            fetched.Dispose();
            throw;
        }
    }

    // Blocks another fetch is getting now are waited for and read from the cache; the rest are fetched here.
    private async Task FetchFromHubOnceAsync(List<BlockRef> remote, LocalVersionSource? local, DeltaBasis? basis, FetchedBlocks fetched, FetchCounters counters, bool remember, CancellationToken cancellationToken)
    {
        var claim = _inFlight.Claim(remote);
        using (claim)
        {
            // A fetch that ended between this caller's cache lookup and its claim has cached the block: not fetched twice.
            var mine = new List<BlockRef>(claim.Mine.Count);
            foreach (var block in claim.Mine)
            {
                if (IsCached(block.Signature) && await TryNearbyAsync(block, null, counters, remember, cancellationToken) is { } near)
                {
                    fetched.Add(block.Signature, near);
                }
                else
                {
                    mine.Add(block);
                }
            }

            if (mine.Count > 0)
            {
                await FetchFromHubAsync(mine, local, basis, fetched, counters, remember, cancellationToken);
            }
        }

        var again = new List<BlockRef>();
        foreach (var (block, done) in claim.Theirs)
        {
            await done.WaitAsync(cancellationToken);
            if (await TryNearbyAsync(block, local, counters, remember, cancellationToken) is { } near)
            {
                fetched.Add(block.Signature, near);
            }
            else
            {
                again.Add(block);
            }
        }

        if (again.Count > 0)
        {
            // That fetch failed, or its blocks could not be cached: fetched here after all.
            await FetchFromHubAsync(again, local, basis, fetched, counters, remember, cancellationToken);
        }
    }

    private async Task FetchFromHubAsync(List<BlockRef> remote, LocalVersionSource? local, DeltaBasis? basis, FetchedBlocks fetched, FetchCounters counters, bool remember, CancellationToken cancellationToken)
    {
        if (basis is not null)
        {
            await FetchWithDeltasAsync(remote, local, basis, fetched, counters, remember, cancellationToken);
        }
        else
        {
            // Not copied into the memory cache unless asked: a pull's run holds them until written, and a block
            // repeated in a later run comes from the disk cache. Copying every block of a large pull there cost
            // hundreds of MiB.
            await _hub.FetchBlocksAsync(remote, TimedFirst(async (block, payload) => fetched.Add(block.Signature, await AcceptAsync(block, payload, counters, remember, cancellationToken))), cancellationToken);
        }
    }

    public async Task<PooledBlock> FetchAsync(BlockRef block, LocalVersionSource? local, FetchCounters counters, CancellationToken cancellationToken)
    {
        if (await TryNearbyAsync(block, local, counters, remember: true, cancellationToken) is { } near)
        {
            return near;
        }

        using var payload = await _hub.GetBlockPayloadAsync(block.Signature, block.Size, cancellationToken);
        return await AcceptAsync(block, payload, counters, remember: true, cancellationToken);
    }

    // With remember, what is read is also copied into the memory cache (single fetches, where repeats are likely).
    private async Task<PooledBlock?> TryNearbyAsync(BlockRef block, LocalVersionSource? local, FetchCounters counters, bool remember, CancellationToken cancellationToken)
    {
        if (_memory.TryRead(block) is { } remembered)
        {
            counters.AddFromCache(block.Size);
            ClientMetrics.FromCache(block.Size);
            return remembered;
        }

        if (_cache is not null && _cacheFailure is null && await TryCacheAsync(() => _cache.TryReadAsync(block, cancellationToken)) is { } cached)
        {
            counters.AddFromCache(block.Size);
            ClientMetrics.FromCache(block.Size);
            if (remember)
            {
                _memory.Put(block.Signature, cached.Memory.Span);
            }

            return cached;
        }

        if (local is not null && await local.TryReadAsync(block, cancellationToken) is { } onDisk)
        {
            counters.AddFromLocalFiles();
            ClientMetrics.FromLocal(block.Size);
            if (remember)
            {
                _memory.Put(block.Signature, onDisk.Memory.Span);
            }

            return onDisk;
        }

        return null;
    }

    // A payload from the hub: decoded and verified, then kept in the caches.
    private async Task<PooledBlock> AcceptAsync(BlockRef block, PooledBuffer payload, FetchCounters counters, bool remember, CancellationToken cancellationToken)
    {
        var fetched = await DecodeAndCacheAsync(block, payload, cancellationToken);
        _inFlight.Arrived(block.Signature);
        counters.AddDownloaded(payload.Length);
        ClientMetrics.FromHub(payload.Length);
        if (remember)
        {
            _memory.Put(block.Signature, fetched.Memory.Span);
        }

        return fetched;
    }

    private async Task<PooledBlock> DecodeAndCacheAsync(BlockRef block, PooledBuffer payload, CancellationToken cancellationToken)
    {
        var fetched = BlockPayload.Decode(payload.Span, block.Signature, block.Size);
        try
        {
            if (_writeCache && _cacheFailure is null)
            {
                // Cached as it travelled (compressed): the cache holds less and writes less; reads decode and verify.
                await TryCacheAsync(async () =>
                {
                    await _cache!.PutAsync(block.Signature, payload.Memory, cancellationToken);
                    return (PooledBlock?)null;
                });
            }
        }
        catch
        {
            fetched.Dispose();
            throw;
        }

        return fetched;
    }

    // A cache operation that fails on the file system turns the cache off for the rest of this fetcher's life.
    private async Task<T?> TryCacheAsync<T>(Func<Task<T?>> operation)
        where T : class
    {
        try
        {
            return await operation();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _cacheFailure ??= e.Message;
            return null;
        }
    }
}
