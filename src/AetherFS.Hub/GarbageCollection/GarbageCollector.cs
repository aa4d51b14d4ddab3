using AetherFS.Core.Blocks;
using System.Text;
using System.Text.Json;
using AetherFS.Core.Units;
using AetherFS.Protocol.Rest;
using AetherFS.Storage.Blobs;
using AetherFS.Storage.Blocks;
using AetherFS.Storage.Claims;
using AetherFS.Storage.Datasets;
using Microsoft.Extensions.Logging;

namespace AetherFS.Hub.GarbageCollection;

/// <summary>
/// Mark and sweep over the store, through <see cref="IBlobStore"/> only: applies retention policies, marks from every
/// tag (and from claims and young manifests), then deletes unreferenced manifests and blocks older than the grace
/// period. One collection at a time per hub; collections on several hubs sharing a store are safe together.
/// docs/architecture.md ("Garbage collection") gives the reasoning.
/// </summary>
internal sealed partial class GarbageCollector : IDisposable
{
    /// <summary>Claims stay in force at least this long, whatever grace a collection is given (even 0s).</summary>
    public static readonly TimeSpan MinimumClaimLifetime = TimeSpan.FromHours(1);

    /// <summary>
    /// A push that wrote nothing (no claim, no pack) for this long has failed or stalled: its claims are no longer
    /// honoured and are deleted. An honest push asks about blocks and uploads packs far more often.
    /// </summary>
    public static readonly TimeSpan QuietPushAfter = TimeSpan.FromMinutes(15);

    /// <summary>Written after each collection that deleted for real, by hub instance: periodic jobs of other hubs skip a turn after it.</summary>
    public const string LastRunKey = "gc/last-run";

    private readonly IBlobStore _blobs;
    private readonly BlockStore _blocks;
    private readonly DatasetStore _datasets;
    private readonly ClaimStore _claims;
    private readonly RetentionApplier _retention;
    private readonly TimeProvider _time;
    private readonly ILogger<GarbageCollector> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public GarbageCollector(IBlobStore blobs, BlockStore blocks, DatasetStore datasets, ClaimStore claims, RetentionApplier retention, TimeProvider time, ILogger<GarbageCollector> logger)
    {
        _blobs = blobs;
        _blocks = blocks;
        _datasets = datasets;
        _claims = claims;
        _retention = retention;
        _time = time;
        _logger = logger;
    }

    /// <summary>This hub process, as recorded in <see cref="LastRunKey"/>.</summary>
    public string InstanceId { get; } = ClaimStore.NewId();

    public async Task<GcReport> RunAsync(GcRunOptions options, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        using var activity = Telemetry.HubTracing.Source.StartActivity("gc");
        activity?.SetTag("aetherfs.gc.dry_run", options.DryRun);
        var started = _time.GetTimestamp();
        try
        {
            var report = await RunExclusiveAsync(options, cancellationToken);
            Telemetry.HubMetrics.Collected(report);
            return report;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Telemetry.HubMetrics.CollectionFailed(_time.GetElapsedTime(started).TotalSeconds);
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, e.Message);
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<GcReport> RunExclusiveAsync(GcRunOptions options, CancellationToken cancellationToken)
    {
        try
        {
            return await CollectAsync(options, reclaimOnly: false, cancellationToken);
        }
        catch (StorageFullException) when (!options.DryRun)
        {
            // The store filled up mid-run (a pack rewrite found no room). Every step writes before it deletes, so the
            // refused write left nothing half done: collect once more, deleting only. Its report is the one answered.
            Log.StoreFull(_logger);
            return await CollectAsync(options, reclaimOnly: true, cancellationToken);
        }
    }

    private async Task<GcReport> CollectAsync(GcRunOptions options, bool reclaimOnly, CancellationToken cancellationToken)
    {
        var startedAt = _time.GetUtcNow().UtcDateTime;
        var timestamp = _time.GetTimestamp();
        // Order matters: the store's clock first, then claims, then tags. A push released before this instant, or
        // whose release the first read of the claims sees, wrote its tag before it too, so the tag listing below sees
        // the tag and the push's claims can be passed over.
        // A dry run writes nothing: it judges ages by the hub's own clock, an estimate of what a real run would judge
        // (deciding wrongly deletes nothing). A real run takes the store's.
        var (start, clockRefused) = options.DryRun ? (startedAt, false) : await StoreClock.NowAsync(_blobs, InstanceId, cancellationToken);
        var full = clockRefused || reclaimOnly;
        if (clockRefused)
        {
            Log.StoreFull(_logger);
        }

        var lifetime = options.Grace > MinimumClaimLifetime ? options.Grace : MinimumClaimLifetime;
        var uploading = await RecentSegments.PushesAsync(_blobs, start - QuietPushAfter, cancellationToken);
        var claims = new ClaimSet(_claims, start, lifetime, QuietPushAfter, uploading);
        var marks = new HashSet<Sha256Key>();
        var manifests = new ManifestPhase(_blobs, _datasets, claims, marks, start, options);
        IReadOnlyList<ExpiredTagInfo> expired;
        List<(BlobInfo Blob, string Digest)> candidates;
        try
        {
            await claims.RefreshAsync(cancellationToken);
            expired = await _retention.ApplyAsync(options.DryRun, cancellationToken);
            var excluded = options.DryRun ? expired.Select(e => (e.Name, e.Tag)).ToHashSet() : [];
            var roots = await TagRoots.ReadAsync(_datasets, excluded, cancellationToken);
            candidates = await manifests.MarkAsync(roots, cancellationToken);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            throw new GcAbortedException($"a tag does not read: {e.Message}", e);
        }

        var removed = 0;
        if (full)
        {
            // Room for the tombstones the pack phase writes before it deletes, taken only from what nobody relies
            // on: lapsed claims and the last-run marker. The manifest sweep below frees more.
            removed = await claims.RemoveLapsedAsync(cancellationToken);
            await _blobs.DeleteAsync(LastRunKey, cancellationToken);
        }

        await manifests.SweepAsync(candidates, cancellationToken);
        var chunks = new ObjectTally();
        var loose = new BlockPhase(_blobs, claims, marks, manifests, chunks, start, options);
        await loose.RunAsync(cancellationToken);
        using var packs = new PackPhase(_blobs, _blocks, claims, marks, manifests, chunks, start, options, lifetime, reclaimOnly: full, _logger);
        await packs.RunAsync(loose.Live, cancellationToken);

        if (!options.DryRun)
        {
            removed += await claims.RemoveLapsedAsync(cancellationToken);
            try
            {
                await _blobs.PutAsync(LastRunKey, Encoding.UTF8.GetBytes(InstanceId), cancellationToken);
            }
            catch (StorageFullException)
            {
                // Only periodic jobs on other hubs read it (to skip a turn): not worth failing a collection for.
            }
        }

        var report = new GcReport(
            options.DryRun,
            FormatGrace(options.Grace),
            startedAt,
            (long)_time.GetElapsedTime(timestamp).TotalMilliseconds,
            expired,
            manifests.Tally.ToReport(),
            chunks.ToReport(),
            packs.Packs.ToReport(),
            new GcClaimReport(claims.Examined, claims.Honored, removed));
        Log.Collected(
            _logger,
            options.DryRun ? "Dry run: would delete" : "Collected",
            report.Manifests.Deleted,
            ByteSize.Format(report.Manifests.DeletedBytes),
            report.Blocks.Deleted,
            ByteSize.Format(report.Blocks.DeletedBytes),
            expired.Count,
            report.DurationMs);
        return report;
    }

    public void Dispose() => _gate.Dispose();

    public static string FormatGrace(TimeSpan grace) => grace == TimeSpan.Zero ? "0s" : Duration.Format(grace);

    private static partial class Log
    {
        [LoggerMessage(2, LogLevel.Warning, "Storage is full: collecting in reclaim mode (packs with nothing live deleted, none rewritten, nothing written before it frees room)")]
        public static partial void StoreFull(ILogger logger);

        [LoggerMessage(1, LogLevel.Information, "{Kind} {Manifests} manifests ({ManifestBytes}) and {Blocks} blocks ({BlockBytes}); {Tags} tags expired by retention; {Milliseconds} ms")]
        public static partial void Collected(ILogger logger, string kind, long manifests, string manifestBytes, long blocks, string blockBytes, int tags, long milliseconds);
    }
}
