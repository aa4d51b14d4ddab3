using AetherFS.Core.Blocks;
using AetherFS.Core.Manifests;
using AetherFS.Core.Packing;

namespace AetherFS.Client.Fetch;

/// <summary>
/// Writes a version into an empty directory: fetches its blocks in runs of consecutive blocks (each run one request
/// to the hub for what is not held locally, which the hub serves with few ranged reads of its packs), a bounded
/// number of runs ahead (the memory it holds), and routes their bytes into files, directories and symlinks with
/// their modes and times.
/// </summary>
public sealed class VersionAssembler
{
    /// <summary>Raw bytes per run: a few runs in flight keep the link busy, and a run spans one or two packs.</summary>
    public const int RunBytes = 16 * 1024 * 1024;

    private const int MaxRunBlocks = 4096;
    private readonly BlockFetcher _fetcher;
    private readonly int _prefetchBytes;
    private readonly bool _keepSpecialBits;

    /// <param name="keepSpecialBits">Restore setuid, setgid and sticky bits (see <see cref="DatasetWriter"/>); stripped otherwise.</param>
    public VersionAssembler(BlockFetcher fetcher, int prefetchBytes = 32 * 1024 * 1024, bool keepSpecialBits = false)
    {
        _fetcher = fetcher;
        _prefetchBytes = prefetchBytes;
        _keepSpecialBits = keepSpecialBits;
    }

    /// <param name="local">A version already on disk whose files may hold some of the blocks.</param>
    /// <param name="basis">The version held (on disk or in the cache) and this one: blocks may then come as deltas; null: full blocks only.</param>
    public Task AssembleAsync(Manifest manifest, string directory, LocalVersionSource? local, DeltaBasis? basis, FetchCounters counters, IProgress<TransferProgress>? progress, CancellationToken cancellationToken) =>
        AssembleAsync(ManifestSelection.All(manifest), directory, local, basis, counters, progress, cancellationToken);

    /// <summary>Writes the selected entries only, fetching only the blocks that hold their bytes.</summary>
    public async Task AssembleAsync(ManifestSelection selection, string directory, LocalVersionSource? local, DeltaBasis? basis, FetchCounters counters, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        using var writer = new DatasetWriter(directory, selection.Entries, _keepSpecialBits);
        var blocks = selection.Manifest.Blocks;
        var total = selection.TotalSize;
        var files = progress is null ? null : new FileCounter(selection.Entries);
        var runs = Runs(selection.Spans, blocks, Math.Min(RunBytes, Math.Max(1, _prefetchBytes / 2)));
        var repeated = new RepeatedBlocks(_fetcher, runs.Select(r => r.Blocks), _prefetchBytes, basis);
        var window = Math.Clamp(_prefetchBytes / RunBytes, 2, 8);
        var inFlight = new Queue<(IReadOnlyList<BlockRef> Blocks, IReadOnlyList<BlockSpan> Spans, Task<FetchedBlocks> Fetch)>();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var next = 0;
        try
        {
            while (next < runs.Count || inFlight.Count > 0)
            {
                while (next < runs.Count && inFlight.Count < window)
                {
                    var (run, spans) = runs[next++];
                    var own = run.Where(b => !repeated.Holds(b.Signature)).ToList();
                    foreach (var shared in run.Where(b => repeated.Holds(b.Signature)))
                    {
                        // Started now, with the run, so the writer does not wait for it later.
                        _ = repeated.GetAsync(shared, local, counters, cancel.Token);
                    }

                    inFlight.Enqueue((run, spans, Task.Run(() => _fetcher.FetchManyAsync(own, local, counters, cancel.Token, basis: basis), cancel.Token)));
                }

                var (blocksOfRun, spansOfRun, fetch) = inFlight.Dequeue();
                using var ready = await fetch;
                foreach (var span in spansOfRun)
                {
                    var block = blocks[span.Index];
                    var bytes = repeated.Holds(block.Signature)
                        ? (await repeated.GetAsync(block, local, counters, cancel.Token)).AsMemory()
                        : ready[block.Signature].Memory;
                    writer.Write(bytes.Span.Slice(span.Offset, span.Length));
                }

                repeated.Written(blocksOfRun);
                progress?.Report(new TransferProgress(writer.Position, total, counters.BytesDownloaded, TransferPhase.Writing, files!.DoneAt(writer.Position), files.Total));
            }
        }
        catch
        {
            await cancel.CancelAsync();
            foreach (var (_, _, pending) in inFlight)
            {
                try
                {
                    (await pending).Dispose();
                }
                catch (Exception)
                {
                    // The first failure is the one reported; the rest were cancelled or failed alike.
                }
            }

            throw;
        }

        writer.Complete();
    }

    // Consecutive blocks up to a byte budget (and a count the hub takes in one request), in stream order, with the
    // pieces of them to write; a block cut by two files stays in one run.
    private static List<(IReadOnlyList<BlockRef> Blocks, IReadOnlyList<BlockSpan> Spans)> Runs(IReadOnlyList<BlockSpan> spans, IReadOnlyList<BlockRef> blocks, int runBytes)
    {
        var runs = new List<(IReadOnlyList<BlockRef>, IReadOnlyList<BlockSpan>)>();
        var current = new List<BlockRef>();
        var pieces = new List<BlockSpan>();
        long bytes = 0;
        var last = -1;
        foreach (var span in spans)
        {
            if (span.Index != last)
            {
                var block = blocks[span.Index];
                if (current.Count > 0 && (bytes + block.Size > runBytes || current.Count >= MaxRunBlocks))
                {
                    runs.Add((current, pieces));
                    current = [];
                    pieces = [];
                    bytes = 0;
                }

                current.Add(block);
                bytes += block.Size;
                last = span.Index;
            }

            pieces.Add(span);
        }

        if (current.Count > 0)
        {
            runs.Add((current, pieces));
        }

        return runs;
    }
}
