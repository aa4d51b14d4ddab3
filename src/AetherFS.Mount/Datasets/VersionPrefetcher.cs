using AetherFS.Core.Manifests;

namespace AetherFS.Mount.Datasets;

/// <summary>
/// Fills the disk cache with every block of the mounted version in the background (<c>--prefetch</c>), in batches of
/// one hub request each, so the whole tree reads without the hub afterwards. It stands back while foreground reads
/// wait for blocks and shares in-flight blocks with them; cancelling stops it between or inside a batch.
/// </summary>
public sealed class VersionPrefetcher
{
    // How often a paused prefetch looks again whether foreground reads still wait.
    private static readonly TimeSpan PauseCheck = TimeSpan.FromMilliseconds(10);

    private readonly BlockFlights _flights;
    private readonly IReadOnlyList<BlockRef> _blocks;
    private readonly DatasetReadOptions _options;
    private int _done;

    internal VersionPrefetcher(BlockFlights flights, IReadOnlyList<BlockRef> blocks, DatasetReadOptions options)
    {
        _flights = flights;
        _blocks = [.. blocks.DistinctBy(b => b.Signature)];
        _options = options;
    }

    /// <summary>Distinct blocks of the version.</summary>
    public int BlocksTotal => _blocks.Count;

    /// <summary>Distinct blocks known to be in the cache so far (already there, or fetched by this prefetch).</summary>
    public int BlocksDone => Volatile.Read(ref _done);

    /// <summary>Fills the cache; completes when every block is there, throws when cancelled or when a batch fails.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var batch = new List<BlockRef>(_options.PrefetchBatchBlocks);
        foreach (var block in _blocks)
        {
            if (_flights.IsCached(block))
            {
                Interlocked.Increment(ref _done);
                continue;
            }

            batch.Add(block);
            if (batch.Count == _options.PrefetchBatchBlocks)
            {
                await FetchBatchAsync(batch, cancellationToken);
                batch.Clear();
            }
        }

        if (batch.Count > 0)
        {
            await FetchBatchAsync(batch, cancellationToken);
        }
    }

    private async Task FetchBatchAsync(List<BlockRef> batch, CancellationToken cancellationToken)
    {
        // Foreground first: a read waiting for the hub gets it to itself; the prefetch goes on once none waits.
        while (_flights.ForegroundWaiting > 0)
        {
            await Task.Delay(PauseCheck, cancellationToken);
        }

        using (await _flights.FetchAsync(batch, foreground: false, cancellationToken))
        {
            Interlocked.Add(ref _done, batch.Count);
        }
    }
}
