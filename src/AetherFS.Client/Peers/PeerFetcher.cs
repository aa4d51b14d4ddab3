using AetherFS.Client.Telemetry;
using AetherFS.Core.Blocks;
using AetherFS.Core.Manifests;

namespace AetherFS.Client.Peers;

/// <summary>
/// The peer step of the fetch path: each block goes to its owner among the live peers, in one batch per owner, then to
/// its backup if the owner failed or lacked it; what neither served is left for the hub. A block this agent owns (or
/// backs up, once the owner failed) is left for the hub at once: this agent is the one that fetches it for the cluster.
/// A peer that fails, stays silent or serves a block that does not verify is set aside for
/// <see cref="PeerMembership.SetAsideFor"/>, and its blocks move on.
/// </summary>
/// <remarks>
/// A peer that sends nothing for <see cref="HedgeAfter"/> (before its answer or between two blocks) is hedged: what it
/// has not sent yet is asked of the hub at the same time, and whichever delivers a block first wins; a peer the hub
/// beat is set aside. So a slow owner costs a sync that bound, never much more than going to the hub directly would.
/// The bound follows the hub: twice the 95th percentile of the hub's own time to a batch's first block, and at least
/// <paramref name="hedgeAfter"/>. An owner that lacks a block fetches it from the same hub first, so a bound under
/// the hub's own latency would hedge every such batch and send the hub each block twice.
/// </remarks>
/// <param name="hedgeAfter">The least silence after which a peer is hedged with the hub.</param>
public sealed class PeerFetcher(PeerMembership membership, PeerClient client, TimeSpan hedgeAfter, TimeProvider? time = null)
{
    /// <summary>The hedging bound by default: a loopback or LAN peer answers a batch's first block well within it.</summary>
    public static readonly TimeSpan DefaultHedgeAfter = TimeSpan.FromSeconds(1);

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly LatencyWindow _hubLatency = new();

    /// <summary>Owner and backup: a third peer would only be asked after both failed, and the hub is as near.</summary>
    private const int PeersPerBlock = 2;

    /// <summary>
    /// Gets what the peers can give of <paramref name="blocks"/>; each payload goes to <paramref name="accept"/>, which
    /// decodes and verifies it (throwing <see cref="DigestMismatchException"/> on bad bytes). Returns the blocks left
    /// for the hub.
    /// </summary>
    /// <param name="hedge">Fetches blocks from the hub (into the caller's results) when a peer is too slow.</param>
    public Task<List<BlockRef>> FetchAsync(IReadOnlyList<BlockRef> blocks, Func<BlockRef, PooledBuffer, Task> accept, Func<List<BlockRef>, CancellationToken, Task>? hedge, CancellationToken cancellationToken) =>
        RunAsync(blocks, accept, hedge, cancellationToken);

    /// <summary>The silence after which a peer is hedged now: see the remarks.</summary>
    public TimeSpan HedgeAfter => TimeSpan.FromTicks(Math.Max(hedgeAfter.Ticks, 2 * _hubLatency.P95().Ticks));

    /// <summary>The hub's time to the first block of a batch this agent fetched: the bound follows it.</summary>
    public void RecordHubLatency(TimeSpan latency) => _hubLatency.Record(latency);

    /// <summary>
    /// When the hub cannot be reached: asks the live peers, owner first, for what they hold now (they fetch nothing),
    /// this agent's own place skipped. Returns the blocks none of them had.
    /// </summary>
    public Task<List<BlockRef>> RescueAsync(IReadOnlyList<BlockRef> blocks, Func<BlockRef, PooledBuffer, Task> accept, CancellationToken cancellationToken) =>
        RunAsync(blocks, accept, hedge: null, cancellationToken, rescue: true);

    private async Task<List<BlockRef>> RunAsync(IReadOnlyList<BlockRef> blocks, Func<BlockRef, PooledBuffer, Task> accept, Func<List<BlockRef>, CancellationToken, Task>? hedge, CancellationToken cancellationToken, bool rescue = false)
    {
        var forHub = new List<BlockRef>();
        var tried = new Dictionary<string, List<Uri>>(StringComparer.Ordinal);
        var pending = blocks.ToList();
        // At most owner, backup, and one more round for blocks that went to this agent's own address before it knew it.
        for (var round = 0; round <= PeersPerBlock && pending.Count > 0; round++)
        {
            var batches = new Dictionary<Uri, List<BlockRef>>();
            foreach (var block in pending)
            {
                // The owner and backup as placed now (a peer set aside meanwhile has dropped out); this agent in
                // either place, before an untried peer, means the hub.
                var asked = tried.GetValueOrDefault(block.Signature);
                var self = membership.Self;
                var next = rescue
                    ? membership.Place(block.Signature, PeersPerBlock + 1).FirstOrDefault(p => p != self && (asked is null || !asked.Contains(p)))
                    : membership.Place(block.Signature, PeersPerBlock).FirstOrDefault(p => p == self || asked is null || !asked.Contains(p));
                if (next is null || next == self)
                {
                    forHub.Add(block);
                    continue;
                }

                if (!batches.TryGetValue(next, out var batch))
                {
                    batches[next] = batch = [];
                }

                batch.Add(block);
                (asked ?? (tried[block.Signature] = [])).Add(next);
            }

            var unserved = await Task.WhenAll(batches.Select(b => AskAsync(b.Key, b.Value, rescue, accept, hedge, cancellationToken)));
            pending = [.. unserved.SelectMany(u => u)];
        }

        forHub.AddRange(pending);
        return forHub;
    }

    // One peer's share; hedged with the hub when the peer stays silent too long. What it did not serve comes back.
    private async Task<List<BlockRef>> AskAsync(Uri peer, List<BlockRef> blocks, bool cachedOnly, Func<BlockRef, PooledBuffer, Task> accept, Func<List<BlockRef>, CancellationToken, Task>? hedge, CancellationToken cancellationToken)
    {
        var unserved = new Dictionary<string, BlockRef>(StringComparer.Ordinal);
        foreach (var block in blocks)
        {
            unserved.TryAdd(block.Signature, block);
        }

        var progress = _time.GetTimestamp();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var asking = AskPeerAsync(
            peer,
            blocks,
            cachedOnly,
            async (block, payload) =>
            {
                lock (unserved)
                {
                    if (!unserved.ContainsKey(block.Signature))
                    {
                        return; // hedged: the hub has it
                    }
                }

                Interlocked.Exchange(ref progress, _time.GetTimestamp());
                await accept(block, payload);
                lock (unserved)
                {
                    unserved.Remove(block.Signature);
                }
            },
            stop.Token,
            cancellationToken);

        if (hedge is not null && !await FinishesInTimeAsync(asking, () => Interlocked.Read(ref progress), cancellationToken))
        {
            List<BlockRef> rest;
            lock (unserved)
            {
                rest = [.. unserved.Values];
                unserved.Clear();
            }

            try
            {
                await hedge(rest, cancellationToken);
            }
            finally
            {
                await stop.CancelAsync();
                await asking;
            }

            // The hub beat this peer to its own blocks: it is slower than going direct for now.
            membership.SetAside(peer);
            return [];
        }

        await asking;
        lock (unserved)
        {
            return [.. unserved.Values];
        }
    }

    // True when the peer's answer ends before it falls silent for the hedging bound.
    private async Task<bool> FinishesInTimeAsync(Task asking, Func<long> lastProgress, CancellationToken cancellationToken)
    {
        var bound = HedgeAfter;
        while (true)
        {
            var wait = bound - _time.GetElapsedTime(lastProgress());
            if (wait <= TimeSpan.Zero)
            {
                return asking.IsCompleted;
            }

            var tick = Task.Delay(wait, _time, cancellationToken);
            if (await Task.WhenAny(asking, tick) == asking)
            {
                return true;
            }
        }
    }

    private async Task AskPeerAsync(Uri peer, List<BlockRef> blocks, bool cachedOnly, Func<BlockRef, PooledBuffer, Task> accept, CancellationToken stop, CancellationToken cancellationToken)
    {
        foreach (var batch in blocks.Chunk(PeerProtocol.MaxBlocks))
        {
            try
            {
                if (!await client.FetchAsync(peer, batch, cachedOnly, accept, stop))
                {
                    // Our own address, learned now: the next round places these blocks with this agent in its place.
                    membership.MarkSelf(peer);
                    return;
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                return; // hedged, and the hub finished first
            }
            catch (Exception e) when (e is PeerFailedException or DigestMismatchException)
            {
                if (e is DigestMismatchException)
                {
                    ClientMetrics.PeerVerifyFailed();
                }

                membership.SetAside(peer);
                return;
            }
        }
    }
}
