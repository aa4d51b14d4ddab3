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
public sealed class PeerFetcher(PeerMembership membership, PeerClient client)
{
    /// <summary>Owner and backup: a third peer would only be asked after both failed, and the hub is as near.</summary>
    private const int PeersPerBlock = 2;

    public PeerMembership Membership => membership;

    /// <summary>
    /// Gets what the peers can give of <paramref name="blocks"/>; each payload goes to <paramref name="accept"/>, which
    /// decodes and verifies it (throwing <see cref="DigestMismatchException"/> on bad bytes). Returns the blocks left
    /// for the hub.
    /// </summary>
    public Task<List<BlockRef>> FetchAsync(IReadOnlyList<BlockRef> blocks, Func<BlockRef, PooledBuffer, Task> accept, CancellationToken cancellationToken) =>
        RunAsync(blocks, accept, rescue: false, cancellationToken);

    /// <summary>
    /// When the hub cannot be reached: asks the live peers, owner first, for what they hold now (they fetch nothing),
    /// this agent's own place skipped. Returns the blocks none of them had.
    /// </summary>
    public Task<List<BlockRef>> RescueAsync(IReadOnlyList<BlockRef> blocks, Func<BlockRef, PooledBuffer, Task> accept, CancellationToken cancellationToken) =>
        RunAsync(blocks, accept, rescue: true, cancellationToken);

    private async Task<List<BlockRef>> RunAsync(IReadOnlyList<BlockRef> blocks, Func<BlockRef, PooledBuffer, Task> accept, bool rescue, CancellationToken cancellationToken)
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

            var unserved = await Task.WhenAll(batches.Select(b => AskAsync(b.Key, b.Value, rescue, accept, cancellationToken)));
            pending = [.. unserved.SelectMany(u => u)];
        }

        forHub.AddRange(pending);
        return forHub;
    }

    // One peer's share, in batches; what it did not serve comes back for the next round.
    private async Task<List<BlockRef>> AskAsync(Uri peer, List<BlockRef> blocks, bool cachedOnly, Func<BlockRef, PooledBuffer, Task> accept, CancellationToken cancellationToken)
    {
        var unserved = new Dictionary<string, BlockRef>(StringComparer.Ordinal);
        foreach (var block in blocks)
        {
            unserved.TryAdd(block.Signature, block);
        }

        foreach (var batch in blocks.Chunk(PeerProtocol.MaxBlocks))
        {
            try
            {
                var reached = await client.FetchAsync(
                    peer,
                    batch,
                    cachedOnly,
                    async (block, payload) =>
                    {
                        await accept(block, payload);
                        unserved.Remove(block.Signature);
                    },
                    cancellationToken);
                if (!reached)
                {
                    // Our own address, learned now: the next round places these blocks with this agent in its place.
                    membership.MarkSelf(peer);
                    break;
                }
            }
            catch (Exception e) when (e is PeerFailedException or DigestMismatchException)
            {
                if (e is DigestMismatchException)
                {
                    ClientMetrics.PeerVerifyFailed();
                }

                membership.SetAside(peer);
                break;
            }
        }

        return [.. unserved.Values];
    }
}
