using AetherFS.Core.Blocks;
using AetherFS.Core.Manifests;
using AetherFS.Core.Packing;

namespace AetherFS.Client.Fetch;

/// <summary>
/// Writes a version into an empty directory: fetches its blocks in order with a bounded window ahead (the memory
/// it holds) and routes their bytes into files, directories and symlinks with their modes and times.
/// </summary>
public sealed class VersionAssembler
{
    private readonly BlockFetcher _fetcher;
    private readonly int _prefetchBytes;

    public VersionAssembler(BlockFetcher fetcher, int prefetchBytes = 64 * 1024 * 1024)
    {
        _fetcher = fetcher;
        _prefetchBytes = prefetchBytes;
    }

    /// <param name="local">A version already on disk whose files may hold some of the blocks.</param>
    public async Task AssembleAsync(Manifest manifest, string directory, LocalVersionSource? local, FetchCounters counters, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        using var writer = new DatasetWriter(directory, manifest.Entries);
        var window = Math.Clamp(_prefetchBytes / Math.Max(1, manifest.Chunking.BlockSize), 2, 64);
        var inFlight = new Queue<Task<PooledBlock>>();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var next = 0;
        try
        {
            while (next < manifest.Blocks.Count || inFlight.Count > 0)
            {
                while (next < manifest.Blocks.Count && inFlight.Count < window)
                {
                    var block = manifest.Blocks[next++];
                    inFlight.Enqueue(Task.Run(() => _fetcher.FetchAsync(block, local, counters, cancel.Token), cancel.Token));
                }

                using var ready = await inFlight.Dequeue();
                writer.Write(ready.Memory.Span);
                progress?.Report(new TransferProgress(writer.Position, manifest.TotalSize, counters.BytesDownloaded));
            }
        }
        catch
        {
            await cancel.CancelAsync();
            foreach (var pending in inFlight)
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
}
