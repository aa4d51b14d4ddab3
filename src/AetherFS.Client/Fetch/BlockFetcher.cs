using AetherFS.Client.Caching;
using AetherFS.Client.Hub;
using AetherFS.Core.Blocks;
using AetherFS.Core.Manifests;

namespace AetherFS.Client.Fetch;

/// <summary>
/// Gets one block from the nearest place that has it: a small memory cache, the local disk cache, the version
/// already on local disk, then the hub (whose payload is verified, then kept in the caches). Shared by the pull command and the agent,
/// so both download a block at most once.
/// </summary>
public sealed class BlockFetcher
{
    private readonly HubClient _hub;
    private readonly DiskBlockCache? _cache;
    private readonly bool _writeCache;
    private readonly MemoryBlockCache _memory;

    /// <param name="memoryBytes">The budget of the in-memory cache in front of the disk cache.</param>
    public BlockFetcher(HubClient hub, DiskBlockCache? cache, bool writeCache = true, long memoryBytes = 32 * 1024 * 1024)
    {
        _hub = hub;
        _cache = cache;
        _writeCache = writeCache && cache is not null;
        _memory = new MemoryBlockCache(memoryBytes);
    }

    public async Task<PooledBlock> FetchAsync(BlockRef block, LocalVersionSource? local, FetchCounters counters, CancellationToken cancellationToken)
    {
        if (_memory.TryRead(block) is { } remembered)
        {
            counters.AddFromCache();
            return remembered;
        }

        if (_cache is not null && await _cache.TryReadAsync(block, cancellationToken) is { } cached)
        {
            counters.AddFromCache();
            _memory.Put(block.Signature, cached.Memory.Span);
            return cached;
        }

        if (local is not null && await local.TryReadAsync(block, cancellationToken) is { } onDisk)
        {
            counters.AddFromLocalFiles();
            _memory.Put(block.Signature, onDisk.Memory.Span);
            return onDisk;
        }

        using var payload = await _hub.GetBlockPayloadAsync(block.Signature, block.Size, cancellationToken);
        var fetched = BlockPayload.Decode(payload.Span, block.Signature, block.Size);
        if (_writeCache)
        {
            // Cached as it travelled (compressed): the cache holds less and writes less; reads decode and verify.
            await _cache!.PutAsync(block.Signature, payload.Memory, cancellationToken);
        }

        counters.AddDownloaded(payload.Length);
        _memory.Put(block.Signature, fetched.Memory.Span);
        return fetched;
    }
}
