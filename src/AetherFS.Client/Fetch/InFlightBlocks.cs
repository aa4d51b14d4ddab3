using AetherFS.Core.Blocks;
using AetherFS.Core.Manifests;

namespace AetherFS.Client.Fetch;

/// <summary>
/// The blocks being fetched from the hub right now, so a block asked for twice at once (by this agent's own sync and by
/// the peers that take it for its owner, or by several peers) leaves the hub once: the first asker fetches it, the
/// others wait for that fetch and then read the block from the cache.
/// </summary>
public sealed class InFlightBlocks
{
    private readonly Dictionary<string, TaskCompletionSource> _fetching = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private long _joined;

    /// <summary>Blocks that waited for a fetch already under way instead of fetching again.</summary>
    public long Joined => Interlocked.Read(ref _joined);

    /// <summary>Splits <paramref name="blocks"/> into those the caller now fetches and those another fetch is getting.</summary>
    public BlockClaim Claim(IReadOnlyList<BlockRef> blocks)
    {
        var mine = new List<BlockRef>();
        var theirs = new List<(BlockRef, Task)>();
        var sources = new List<(string, TaskCompletionSource)>();
        lock (_lock)
        {
            foreach (var block in blocks)
            {
                if (_fetching.TryGetValue(block.Signature, out var other))
                {
                    theirs.Add((block, other.Task));
                }
                else
                {
                    var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    _fetching[block.Signature] = source;
                    sources.Add((block.Signature, source));
                    mine.Add(block);
                }
            }
        }

        Interlocked.Add(ref _joined, theirs.Count);
        if (theirs.Count > 0)
        {
            Telemetry.ClientMetrics.JoinedFetch(theirs.Count);
        }

        return new BlockClaim(mine, theirs, () => Release(sources));
    }

    /// <summary>
    /// The block is cached now: those waiting for it go on at once, not when the whole batch it came in ends.
    /// </summary>
    public void Arrived(string signature)
    {
        TaskCompletionSource? source;
        lock (_lock)
        {
            if (!_fetching.Remove(signature, out source))
            {
                return;
            }
        }

        source.TrySetResult();
    }

    // Whether the fetch succeeded or not: a waiter that then misses the block in the cache fetches it itself. A block
    // that arrived was released then, and may be claimed again since: only this claim's own entries are removed.
    private void Release(List<(string Signature, TaskCompletionSource Source)> sources)
    {
        lock (_lock)
        {
            foreach (var (signature, source) in sources)
            {
                if (_fetching.TryGetValue(signature, out var current) && current == source)
                {
                    _fetching.Remove(signature);
                }
            }
        }

        foreach (var (_, source) in sources)
        {
            source.TrySetResult();
        }
    }
}
