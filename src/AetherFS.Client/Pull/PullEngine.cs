using AetherFS.Client.Caching;
using AetherFS.Client.Fetch;
using AetherFS.Client.Hub;
using AetherFS.Core.Blocks;
using AetherFS.Core.Manifests;
using AetherFS.Core.Packing;
using AetherFS.Core.References;
using AetherFS.Storage.Blobs;
using AetherFS.Storage.Blocks;

namespace AetherFS.Client.Pull;

/// <summary>
/// Pulls a dataset: resolves the reference to a manifest, validates it, assembles it (<see cref="VersionAssembler"/>:
/// blocks from the budgeted local cache when it has them, else from the hub, all verified) into a staging
/// directory beside the destination and swaps it in only when complete.
/// A failed pull leaves the destination as it was; a repeated one reuses every block already cached.
/// </summary>
public sealed class PullEngine
{
    private const string StagingSuffix = ".aetherfs-staging";
    private readonly HubClient _hub;
    private readonly PullOptions _options;
    private readonly VersionAssembler _assembler;
    private readonly PullRegistry _registry;

    public PullEngine(HubClient hub, PullOptions options)
    {
        _hub = hub;
        _options = options;
        var cache = new DiskBlockCache(options.CacheDirectory, options.CacheBudgetBytes);
        _assembler = new VersionAssembler(new BlockFetcher(hub, cache, options.WriteCache), options.PrefetchBytes);
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
        var counters = new FetchCounters();
        try
        {
            await _assembler.AssembleAsync(manifest, staging, local: null, counters, progress, cancellationToken);
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
}
