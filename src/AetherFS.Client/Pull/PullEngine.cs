using AetherFS.Client.Hub;
using AetherFS.Core.Blocks;
using AetherFS.Core.Manifests;
using AetherFS.Core.Packing;
using AetherFS.Core.References;
using AetherFS.Storage.Blobs;
using AetherFS.Storage.Blocks;

namespace AetherFS.Client.Pull;

/// <summary>
/// Pulls a dataset: resolves the reference to a manifest, validates it, fetches its blocks in order with a
/// bounded window ahead (from the local cache when it has them, verified, else from the hub, verified, then
/// cached), unpacks them into a staging directory beside the destination and swaps it in only when complete.
/// A failed pull leaves the destination as it was; a repeated one reuses every block already cached.
/// </summary>
public sealed class PullEngine
{
    private const string StagingSuffix = ".aetherfs-staging";
    private readonly HubClient _hub;
    private readonly PullOptions _options;
    private readonly BlockStore _cache;
    private readonly IBlobStore _cacheBlobs;
    private readonly PullRegistry _registry;

    public PullEngine(HubClient hub, PullOptions options)
    {
        _hub = hub;
        _options = options;
        // The cache is verified on every read, so it need not pay for fsync on every write.
        _cacheBlobs = new LocalBlobStore(new LocalBlobStoreOptions { RootPath = options.CacheDirectory, Fsync = false });
        _cache = new BlockStore(_cacheBlobs);
        _registry = new PullRegistry(options.CacheDirectory);
    }

    public async Task<PullResult> PullAsync(DatasetReference reference, string destination, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        var (digest, manifest) = await _hub.GetManifestAsync(reference.Name, reference.Digest ?? reference.Tag, cancellationToken);
        ManifestValidator.Validate(manifest);

        destination = Path.GetFullPath(destination);
        CheckDestination(destination);
        var staging = Path.Join(Path.GetDirectoryName(destination), "." + Path.GetFileName(destination) + StagingSuffix);
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true); // left by a pull that was killed; its blocks are in the cache
        }

        Directory.CreateDirectory(staging);
        var counters = new PullCounters();
        try
        {
            using (var writer = new DatasetWriter(staging, manifest.Entries))
            {
                await FetchInOrderAsync(manifest, writer, counters, progress, cancellationToken);
                writer.Complete();
            }

            DestinationSwap.Replace(staging, destination);
        }
        catch
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }

            throw;
        }

        _registry.Record(destination, digest);
        return new PullResult(digest, destination, manifest.FileCount, manifest.TotalSize, manifest.Blocks.Count, counters.Downloaded, counters.BytesDownloaded, counters.Reused);
    }

    private void CheckDestination(string destination)
    {
        if (File.Exists(destination))
        {
            throw new IOException($"destination '{destination}' is a file");
        }

        if (Directory.Exists(destination) && Directory.EnumerateFileSystemEntries(destination).Any() && !_options.Force && !_registry.WasPulled(destination))
        {
            throw new IOException($"destination '{destination}' is not empty and was not created by aetherfs pull; use --force to replace it");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
    }

    private async Task FetchInOrderAsync(Manifest manifest, DatasetWriter writer, PullCounters counters, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        var window = Math.Clamp(_options.PrefetchBytes / Math.Max(1, manifest.Chunking.BlockSize), 2, 64);
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
                    inFlight.Enqueue(Task.Run(() => FetchAsync(block, counters, cancel.Token), cancel.Token));
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
    }

    private async Task<PooledBlock> FetchAsync(BlockRef block, PullCounters counters, CancellationToken cancellationToken)
    {
        try
        {
            var cached = await _cache.ReadAsync(block.Signature, cancellationToken);
            if (cached is not null && cached.Length == block.Size)
            {
                counters.AddReused();
                return cached;
            }

            cached?.Dispose();
        }
        catch (DigestMismatchException)
        {
            // A damaged cache entry is dropped and fetched again.
            await _cacheBlobs.DeleteAsync(BlockStore.KeyOf(block.Signature), cancellationToken);
        }

        using var payload = await _hub.GetBlockPayloadAsync(block.Signature, block.Size, cancellationToken);
        var fetched = BlockPayload.Decode(payload.Span, block.Signature, block.Size);
        if (_options.WriteCache)
        {
            // Cached as it travelled (compressed): the cache holds less and writes less; reads decode and verify.
            await _cache.PutVerifiedAsync(block.Signature, payload.Memory, cancellationToken);
        }

        counters.AddDownloaded(payload.Length);
        return fetched;
    }

    private sealed class PullCounters
    {
        private int _downloaded;
        private int _reused;
        private long _bytesDownloaded;

        public int Downloaded => _downloaded;

        public int Reused => _reused;

        public long BytesDownloaded => Interlocked.Read(ref _bytesDownloaded);

        public void AddDownloaded(long bytes)
        {
            Interlocked.Increment(ref _downloaded);
            Interlocked.Add(ref _bytesDownloaded, bytes);
        }

        public void AddReused() => Interlocked.Increment(ref _reused);
    }
}
