using AetherFS.Client.Caching;
using AetherFS.Client.Hub;
using AetherFS.Core.Blocks;
using AetherFS.Core.Manifests;

namespace AetherFS.Client.Fetch;

/// <summary>
/// Gets one block from the nearest place that has it: the local cache, then the version already on local disk,
/// then the hub (whose payload is verified, then kept in the cache). Shared by the pull command and the agent,
/// so both download a block at most once.
/// </summary>
public sealed class BlockFetcher
{
    private readonly HubClient _hub;
    private readonly DiskBlockCache? _cache;
    private readonly bool _writeCache;

    public BlockFetcher(HubClient hub, DiskBlockCache? cache, bool writeCache = true)
    {
        _hub = hub;
        _cache = cache;
        _writeCache = writeCache && cache is not null;
    }

    public async Task<PooledBlock> FetchAsync(BlockRef block, LocalVersionSource? local, FetchCounters counters, CancellationToken cancellationToken)
    {
        if (_cache is not null && await _cache.TryReadAsync(block, cancellationToken) is { } cached)
        {
            counters.AddFromCache();
            return cached;
        }

        if (local is not null && await local.TryReadAsync(block, cancellationToken) is { } onDisk)
        {
            counters.AddFromLocalFiles();
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
        return fetched;
    }
}
