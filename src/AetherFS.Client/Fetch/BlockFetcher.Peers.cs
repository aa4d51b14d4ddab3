using AetherFS.Client.Telemetry;
using AetherFS.Core.Blocks;
using AetherFS.Core.Manifests;

namespace AetherFS.Client.Fetch;

/// <summary>
/// The fetcher's side of peer sharing: blocks a peer served are verified like the hub's before they are used or cached;
/// and this agent serves its peers from its cache, fetching from the hub, once, the blocks it holds for the cluster.
/// </summary>
public sealed partial class BlockFetcher
{
    // A payload from a peer: decoded and verified against its signature (a DigestMismatchException sets the peer aside),
    // then kept in the caches and counted as from a peer.
    private async Task<PooledBlock> AcceptFromPeerAsync(BlockRef block, PooledBuffer payload, FetchCounters counters, bool remember, CancellationToken cancellationToken)
    {
        var fetched = await DecodeAndCacheAsync(block, payload, cancellationToken);
        counters.AddFromPeer(payload.Length);
        ClientMetrics.FromPeer(payload.Length);
        if (remember)
        {
            _memory.Put(block.Signature, fetched.Memory.Span);
        }

        return fetched;
    }

    /// <summary>
    /// Sends a peer the payloads (as stored, compressed) of the blocks this agent holds; those it lacks but
    /// <paramref name="fetchForPeers"/> says it holds for the cluster are fetched from the hub first, once however
    /// many ask at the same time, and kept. Never asks another peer. Blocks it neither holds nor fetches are not sent.
    /// </summary>
    public async Task ServePeerAsync(IReadOnlyList<BlockRef> blocks, Func<string, bool> fetchForPeers, Func<BlockRef, ReadOnlyMemory<byte>, Task> send, CancellationToken cancellationToken)
    {
        if (_cache is null || _cacheFailure is not null)
        {
            return;
        }

        var missing = new List<BlockRef>();
        foreach (var block in blocks.DistinctBy(b => b.Signature))
        {
            if (await SendCachedAsync(block, send, cancellationToken))
            {
                continue;
            }

            if (fetchForPeers(block.Signature))
            {
                missing.Add(block);
            }
        }

        if (missing.Count == 0)
        {
            return;
        }

        var counters = new FetchCounters();
        var claim = _inFlight.Claim(missing);
        using (claim)
        {
            // A fetch that ended between the cache lookup above and this claim has cached the block: not fetched twice.
            var mine = new List<BlockRef>(claim.Mine.Count);
            foreach (var block in claim.Mine)
            {
                if (!(IsCached(block.Signature) && await SendCachedAsync(block, send, cancellationToken)))
                {
                    mine.Add(block);
                }
            }

            if (mine.Count > 0)
            {
                await _hub.FetchBlocksAsync(
                    mine,
                    TimedFirst(async (block, payload) =>
                    {
                        using var verified = await AcceptAsync(block, payload, counters, remember: false, cancellationToken);
                        await send(block, payload.Memory);
                    }),
                    cancellationToken);
            }
        }

        foreach (var (block, done) in claim.Theirs)
        {
            await done.WaitAsync(cancellationToken);
            await SendCachedAsync(block, send, cancellationToken);
        }
    }

    private async Task<bool> SendCachedAsync(BlockRef block, Func<BlockRef, ReadOnlyMemory<byte>, Task> send, CancellationToken cancellationToken)
    {
        using var payload = _cacheFailure is null ? await TryCacheAsync(() => _cache!.TryReadPayloadAsync(block, cancellationToken)) : null;
        if (payload is null)
        {
            return false;
        }

        await send(block, payload.Memory);
        return true;
    }

    // The hub's time to a batch's first block, for the bound after which a silent peer is hedged (none without peers).
    private Func<BlockRef, PooledBuffer, Task> TimedFirst(Func<BlockRef, PooledBuffer, Task> onPayload)
    {
        if (_peers is null)
        {
            return onPayload;
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var first = 0;
        return (block, payload) =>
        {
            if (Interlocked.Exchange(ref first, 1) == 0)
            {
                _peers.RecordHubLatency(System.Diagnostics.Stopwatch.GetElapsedTime(started));
            }

            return onPayload(block, payload);
        };
    }
}
