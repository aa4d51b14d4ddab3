using System.Collections.Concurrent;
using AetherFS.Core.Manifests;

namespace AetherFS.Client.Fetch;

/// <summary>
/// The blocks that occur in more than one run of an assembly (a stretch of zeros, a file stored twice): fetched once
/// and held until the last run that needs them is written. Runs are fetched several at a time, so without this each
/// run in flight would download its own copy before any reached the cache. Distinct repeated blocks are held up to a
/// byte budget (the memory an assembly may hold); repeats beyond it are fetched with their runs, from the cache when
/// it has them.
/// </summary>
internal sealed class RepeatedBlocks
{
    private readonly BlockFetcher _fetcher;
    private readonly DeltaBasis? _basis;
    private readonly Dictionary<string, int> _runsLeft = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<byte[]>>> _held = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <param name="basis">The version held, as for the runs: a repeated block may come as a delta too.</param>
    public RepeatedBlocks(BlockFetcher fetcher, IEnumerable<IReadOnlyList<BlockRef>> runs, long budgetBytes, DeltaBasis? basis = null)
    {
        _fetcher = fetcher;
        _basis = basis;
        var runsOf = new Dictionary<string, (BlockRef Block, int Runs)>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var run in runs)
        {
            foreach (var block in run.DistinctBy(b => b.Signature))
            {
                if (runsOf.TryGetValue(block.Signature, out var seen))
                {
                    runsOf[block.Signature] = (block, seen.Runs + 1);
                }
                else
                {
                    runsOf[block.Signature] = (block, 1);
                    order.Add(block.Signature);
                }
            }
        }

        long held = 0;
        foreach (var signature in order)
        {
            var (block, count) = runsOf[signature];
            if (count > 1 && held + block.Size <= budgetBytes)
            {
                _runsLeft[signature] = count;
                held += block.Size;
            }
        }
    }

    /// <summary>Whether the block is one of those fetched here rather than with its run.</summary>
    public bool Holds(string signature) => _runsLeft.ContainsKey(signature);

    /// <summary>The block's bytes, fetched by the first run that asks (verified, as every fetch is).</summary>
    public Task<byte[]> GetAsync(BlockRef block, LocalVersionSource? local, FetchCounters counters, CancellationToken cancellationToken) =>
        _held.GetOrAdd(block.Signature, _ => new Lazy<Task<byte[]>>(() => FetchCopyAsync(block, local, counters, cancellationToken))).Value;

    /// <summary>A run is written: blocks no later run needs are let go.</summary>
    public void Written(IReadOnlyList<BlockRef> run)
    {
        lock (_lock)
        {
            foreach (var block in run.DistinctBy(b => b.Signature))
            {
                if (_runsLeft.TryGetValue(block.Signature, out var left) && left > 0)
                {
                    _runsLeft[block.Signature] = left - 1;
                    if (left == 1)
                    {
                        _held.TryRemove(block.Signature, out _);
                    }
                }
            }
        }
    }

    private async Task<byte[]> FetchCopyAsync(BlockRef block, LocalVersionSource? local, FetchCounters counters, CancellationToken cancellationToken)
    {
        using var fetched = await _fetcher.FetchManyAsync([block], local, counters, cancellationToken, remember: true, basis: _basis);
        return fetched[block.Signature].Memory.ToArray();
    }
}
