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
    public async Task AssembleAsync(Manifest manifest, string directory, LocalVersionSource? local, FetchCounters counters, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        using var writer = new DatasetWriter(directory, manifest.Entries, _keepSpecialBits);
        var files = progress is null ? null : new FileCounter(manifest.Entries);
        var runs = Runs(manifest.Blocks, Math.Min(RunBytes, Math.Max(1, _prefetchBytes / 2)));
        var window = Math.Clamp(_prefetchBytes / RunBytes, 2, 8);
        var inFlight = new Queue<(IReadOnlyList<BlockRef> Blocks, Task<FetchedBlocks> Fetch)>();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var next = 0;
        try
        {
            while (next < runs.Count || inFlight.Count > 0)
            {
                while (next < runs.Count && inFlight.Count < window)
                {
                    var run = runs[next++];
                    inFlight.Enqueue((run, Task.Run(() => _fetcher.FetchManyAsync(run, local, counters, cancel.Token), cancel.Token)));
                }

                var (blocks, fetch) = inFlight.Dequeue();
                using var ready = await fetch;
                foreach (var block in blocks)
                {
                    writer.Write(ready[block.Signature].Memory.Span);
                }

                progress?.Report(new TransferProgress(writer.Position, manifest.TotalSize, counters.BytesDownloaded, TransferPhase.Writing, files!.DoneAt(writer.Position), files.Total));
            }
        }
        catch
        {
            await cancel.CancelAsync();
            foreach (var (_, pending) in inFlight)
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

    // Consecutive blocks up to a byte budget (and a count the hub takes in one request), in manifest order.
    private static List<IReadOnlyList<BlockRef>> Runs(IReadOnlyList<BlockRef> blocks, int runBytes)
    {
        var runs = new List<IReadOnlyList<BlockRef>>();
        var current = new List<BlockRef>();
        long bytes = 0;
        foreach (var block in blocks)
        {
            if (current.Count > 0 && (bytes + block.Size > runBytes || current.Count >= MaxRunBlocks))
            {
                runs.Add(current);
                current = [];
                bytes = 0;
            }

            current.Add(block);
            bytes += block.Size;
        }

        if (current.Count > 0)
        {
            runs.Add(current);
        }

        return runs;
    }
}
