using AetherFS.Client.Caching;
using AetherFS.Client.Fetch;
using AetherFS.Client.Hub;
using AetherFS.Core.Blocks;
using AetherFS.Core.Manifests;
using AetherFS.Core.Packing;
using AetherFS.Core.References;

namespace AetherFS.Client.Pull;

/// <summary>
/// Pulls a dataset: resolves the reference to a manifest, validates it, assembles it (<see cref="VersionAssembler"/>:
/// blocks from the budgeted local cache when it has them, else from the hub, all verified) into a staging
/// directory beside the destination and swaps it in only when complete.
/// A failed pull leaves the destination as it was; a repeated one reuses every block already cached, and refuses
/// (without --force) to replace a destination changed since the last pull into it. With paths, only the files under
/// them are written, and only the blocks that hold their bytes are fetched.
/// </summary>
public sealed class PullEngine
{
    private const string StagingSuffix = ".aetherfs-staging";
    private const int MaxChangesNamed = 3;
    private readonly HubClient _hub;
    private readonly PullOptions _options;
    private readonly VersionAssembler _assembler;
    private readonly BlockFetcher _fetcher;
    private readonly PullRegistry _registry;

    public PullEngine(HubClient hub, PullOptions options)
    {
        _hub = hub;
        _options = options;
        var cache = new DiskBlockCache(options.CacheDirectory, options.CacheBudgetBytes);
        _fetcher = new BlockFetcher(hub, cache, options.WriteCache);
        _assembler = new VersionAssembler(_fetcher, options.PrefetchBytes, options.KeepSpecialBits);
        _registry = new PullRegistry(options.CacheDirectory);
    }

    public async Task<PullResult> PullAsync(DatasetReference reference, string destination, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        using var activity = Telemetry.ClientTracing.Source.StartActivity("pull");
        activity?.SetTag("aetherfs.dataset", reference.Name);
        progress?.Report(new TransferProgress(0, 0, 0, TransferPhase.Fetching));
        // "dest/" names the same directory as "dest" (its staging and swap need the name, not an empty last segment).
        destination = Path.TrimEndingDirectorySeparator(Path.GetFullPath(destination));
        // The manifest last pulled into DEST (verified) is held: the hub may send this one as a delta against it.
        var held = _registry.Read(destination) is { } previous && Directory.Exists(destination) ? HeldManifest.Verified(previous.Digest, previous.ManifestBytes) : null;
        var fetched = await _hub.GetManifestBytesAsync(reference.Name, reference.Digest ?? reference.Tag, held, cancellationToken);
        var (digest, manifestBytes) = (fetched.Digest, fetched.Bytes);
        var manifest = ManifestSerializer.Parse(manifestBytes);
        ManifestValidator.Validate(manifest);
        // Before DEST is looked at: a path that escapes or matches nothing changes nothing.
        var selection = ManifestSelection.Under(manifest, _options.Paths);
        CheckDestination(destination);
        // One staging directory per pull, named by its process, so pulls into the same DEST at once do not share
        // one (the last to finish wins the swap) and the staging of a killed process can be told apart.
        var stagingPrefix = Path.Join(Path.GetDirectoryName(destination), "." + Path.GetFileName(destination) + StagingSuffix);
        RemoveAbandonedStaging(stagingPrefix);
        var staging = $"{stagingPrefix}.{Environment.ProcessId}.{Guid.NewGuid():N}";
        Directory.CreateDirectory(staging);
        var counters = new FetchCounters();
        var (local, basis) = Held(destination, digest);
        try
        {
            await _assembler.AssembleAsync(selection, staging, local, basis, counters, progress, cancellationToken);
            // Recorded before the swap, so a pull into the same DEST that checks it in between sees a pulled DEST.
            // Should this process die between the two, DEST is still what the user allowed to be replaced.
            _registry.Record(destination, digest, manifestBytes, selection.Paths);
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

        return new PullResult(
            digest,
            destination,
            selection.Entries.Count(e => e.Type == EntryType.File),
            selection.TotalSize,
            selection.Spans.Select(s => s.Index).Distinct().Count(),
            counters.Downloaded,
            counters.BytesDownloaded + fetched.BytesReceived,
            counters.Reused,
            _fetcher.CacheFailure)
        {
            BlocksDelta = counters.Deltas,
            BytesDelta = counters.BytesDelta,
            ManifestBytes = fetched.BytesReceived,
            ManifestAsDelta = fetched.AsDelta,
        };
    }

    // The version the last pull wrote into DEST is the one held: the hub may answer deltas against its blocks, which
    // come from the cache or DEST's files (each verified, so files changed since are a miss and the base is fetched
    // full). Nothing recorded, nothing held: full blocks, as for any first pull.
    private (LocalVersionSource? Local, DeltaBasis? Basis) Held(string destination, string digest)
    {
        if (_registry.Read(destination) is not { } record || !Directory.Exists(destination))
        {
            return (null, null);
        }

        var local = record.Written is { } written ? new LocalVersionSource(destination, written.Manifest) : null;
        return (local, DeltaBasis.Between(record.Digest, record.Written?.Manifest, digest));
    }

    // Left by pulls that were killed (their blocks are in the cache): any whose process is gone. Staging of this
    // process belongs to a pull still running in it (a failed pull removes its own).
    private static void RemoveAbandonedStaging(string prefix)
    {
        foreach (var directory in Directory.EnumerateDirectories(Path.GetDirectoryName(prefix)!, Path.GetFileName(prefix) + "*"))
        {
            var owner = directory[prefix.Length..].TrimStart('.').Split('.')[0];
            var alive = int.TryParse(owner, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid)
                && Directory.Exists($"/proc/{pid}");
            if (!alive)
            {
                try
                {
                    Directory.Delete(directory, recursive: true);
                }
                catch (DirectoryNotFoundException)
                {
                    // Another pull removed it first.
                }
            }
        }
    }

    private void CheckDestination(string destination)
    {
        if (File.Exists(destination))
        {
            throw new IOException($"destination '{destination}' is a file");
        }

        if (Directory.Exists(destination) && Directory.EnumerateFileSystemEntries(destination).Any() && !_options.Force)
        {
            var record = _registry.Read(destination)
                ?? throw new IOException($"destination '{destination}' is not empty and was not created by aetherfs pull; use --force to replace it");

            // A record from before pulls remembered what they wrote cannot be compared: it is trusted, as it was then.
            var (first, count) = record.Written is { } written ? LocalChanges.Find(destination, written.Entries, MaxChangesNamed) : ([], 0);
            if (count > 0 && _registry.ReadPrevious(destination) is { Written: { } previous } && LocalChanges.Find(destination, previous.Entries, 0).Count == 0)
            {
                // DEST is what the pull before the last wrote: the last has recorded its version and not yet swapped it in.
                count = 0;
            }

            if (count > 0)
            {
                var more = count > first.Count ? $" and {count - first.Count} more" : string.Empty;
                throw new IOException($"destination '{destination}' was changed since it was pulled: {string.Join(", ", first)}{more}; use --force to discard the changes");
            }
        }

        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
    }
}
