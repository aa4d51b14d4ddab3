using System.Collections.Concurrent;
using AetherFS.Client.Fetch;
using AetherFS.Core.Manifests;

namespace AetherFS.Mount.Datasets;

/// <summary>
/// Every block of a mount being fetched right now, whoever asked (a read, read-ahead, the prefetch): a block is asked
/// of the hub once however many want it at the same time, and all the blocks one caller still needs go in one request.
/// </summary>
/// <remarks>
/// A caller claims the blocks nobody is fetching and fetches them together; for the others it waits on their fetch and
/// then reads them nearby (memory or disk cache). If that fetch failed or the block was evicted since, the caller
/// claims it in turn: transfer at worst, never wrong bytes. With a <c>basis</c> (the version the mount served before),
/// the hub may answer deltas against that version's blocks, decoded against the cache's copies.
/// </remarks>
internal sealed class BlockFlights(BlockFetcher fetcher, ReadCounters counters, DeltaBasis? basis = null)
{
    private readonly ConcurrentDictionary<string, Task> _inFlight = new(StringComparer.Ordinal);
    private int _foregroundWaiting;

    /// <summary>Foreground reads waiting for blocks right now: background work stands back while there are any.</summary>
    public int ForegroundWaiting => Volatile.Read(ref _foregroundWaiting);

    public bool IsCached(BlockRef block) => fetcher.IsCached(block.Signature);

    /// <param name="foreground">A read waits for these: background work stands back meanwhile.</param>
    /// <param name="remember">Keep them decoded in the fetcher's memory cache: reads and read-ahead (read again soon), not the prefetch.</param>
    public async Task<ReadBlocks> FetchAsync(IReadOnlyList<BlockRef> blocks, bool foreground, bool remember, CancellationToken cancellationToken)
    {
        var gathered = new ReadBlocks();
        if (foreground)
        {
            Interlocked.Increment(ref _foregroundWaiting);
        }

        try
        {
            var pending = blocks.DistinctBy(b => b.Signature).ToList();
            while (pending.Count > 0)
            {
                var flight = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var claimed = new List<BlockRef>();
                var othersBlocks = new List<BlockRef>();
                var othersFlights = new HashSet<Task>();
                foreach (var block in pending)
                {
                    var current = _inFlight.GetOrAdd(block.Signature, flight.Task);
                    if (current == flight.Task)
                    {
                        claimed.Add(block);
                    }
                    else
                    {
                        othersBlocks.Add(block);
                        othersFlights.Add(current);
                    }
                }

                if (claimed.Count > 0)
                {
                    try
                    {
                        gathered.Add(await FetchClaimedAsync(claimed, remember, cancellationToken), claimed.Select(b => b.Signature));
                    }
                    finally
                    {
                        // Forgotten before completed, so a waiter that wakes never finds the finished flight again.
                        foreach (var block in claimed)
                        {
                            _inFlight.TryRemove(KeyValuePair.Create(block.Signature, flight.Task));
                        }

                        flight.SetResult();
                    }
                }

                // Flights only ever complete successfully: how they ended does not matter, the next round tells.
                await Task.WhenAll(othersFlights).WaitAsync(cancellationToken);
                pending = othersBlocks;
            }

            return gathered;
        }
        catch
        {
            gathered.Dispose();
            throw;
        }
        finally
        {
            if (foreground)
            {
                Interlocked.Decrement(ref _foregroundWaiting);
            }
        }
    }

    // Counted on its own first, so the mount's counters can tell a fetch that went to the hub (one request).
    private async Task<FetchedBlocks> FetchClaimedAsync(List<BlockRef> claimed, bool remember, CancellationToken cancellationToken)
    {
        var fetch = new FetchCounters();
        try
        {
            if (claimed.Count > 1 || basis is not null)
            {
                // Remembered, the next read of a sequential reader finds the block this one ended in (and read-ahead's
                // blocks) decoded and verified in memory, instead of reading and verifying them again from the disk cache.
                // A single block goes this way too when deltas may answer it (a block GET answers full payloads only).
                return await fetcher.FetchManyAsync(claimed, null, fetch, cancellationToken, remember || claimed.Count == 1, basis);
            }

            // One block: the single fetch keeps it in the fetcher's memory cache, where the next small read of it finds it.
            var fetched = new FetchedBlocks();
            fetched.Add(claimed[0].Signature, await fetcher.FetchAsync(claimed[0], null, fetch, cancellationToken));
            return fetched;
        }
        finally
        {
            counters.AddFetch(fetch);
        }
    }
}
