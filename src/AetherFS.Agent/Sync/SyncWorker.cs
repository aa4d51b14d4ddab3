using AetherFS.Agent.Configuration;
using AetherFS.Client.Fetch;
using AetherFS.Client.Hub;
using AetherFS.Core.Manifests;
using AetherFS.Core.Units;
using Microsoft.Extensions.Logging;

namespace AetherFS.Agent.Sync;

/// <summary>
/// Keeps one directory on the version one tag points at. A watcher (<see cref="TagWatcher"/>) reports the
/// tag's digest; when it differs from what is on disk, the new version is assembled beside the current one
/// (blocks from the cache, then from the current version's files, then from the hub), completed, and
/// <c>current</c> is flipped to it. Failures leave the current version in place and are retried with backoff;
/// the swap itself, once started, is never interrupted.
/// </summary>
public sealed partial class SyncWorker : IDisposable
{
    private readonly SyncSpec _spec;
    private readonly HubClient _hub;
    private readonly VersionAssembler _assembler;
    private readonly CachePins _pins;
    private readonly SyncEvents _events;
    private readonly AgentOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly VersionDirectory _directory;
    private readonly SemaphoreSlim _wake = new(0);
    private readonly Lock _lock = new();
    private SyncStatus _status;
    private string? _hubError;
    private string? _syncError;
    private bool _syncing;
    private string? _desired;
    private string? _previous;
    private long _behindSince;

    public SyncWorker(SyncSpec spec, HubClient hub, VersionAssembler assembler, CachePins pins, SyncEvents events, AgentOptions options, TimeProvider time, ILogger logger)
    {
        _spec = spec;
        _hub = hub;
        _assembler = assembler;
        _pins = pins;
        _events = events;
        _options = options;
        _time = time;
        _logger = logger;
        _directory = new VersionDirectory(spec.Directory);
        _status = new SyncStatus($"{spec.Name}:{spec.Tag}", spec.Directory, SyncState.Starting, null, null, null, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    public SyncSpec Spec => _spec;

    public VersionDirectory Directory => _directory;

    /// <summary>
    /// Degraded while the hub cannot be reached or the last sync failed (the version on disk is still served);
    /// otherwise syncing, synced, or starting when no version is on disk yet.
    /// </summary>
    public SyncStatus Status
    {
        get
        {
            lock (_lock)
            {
                var error = _syncError ?? _hubError;
                var state = _syncing ? SyncState.Syncing
                    : error is not null ? SyncState.Degraded
                    : _status.Digest is null ? SyncState.Starting
                    : SyncState.Synced;
                return _status with { State = state, LastError = error };
            }
        }
    }

    /// <summary>The version <c>current</c> points at; null before the first sync.</summary>
    public SyncedVersion? CurrentVersion => Status is { Digest: { } digest } status
        ? new SyncedVersion(_spec.Name, _spec.Tag, digest, _directory.Current, status.SyncedAt ?? _time.GetUtcNow().UtcDateTime)
        : null;

    /// <summary>
    /// How long the tag has pointed at a version this agent does not have yet (from when the agent saw it move);
    /// zero when what is on disk is what the tag names.
    /// </summary>
    public TimeSpan Lag
    {
        get
        {
            var since = Interlocked.Read(ref _behindSince);
            return since == 0 || Volatile.Read(ref _desired) == Status.Digest ? TimeSpan.Zero : _time.GetElapsedTime(since);
        }
    }

    /// <summary>The digest on disk before the current one, kept for rollback.</summary>
    public string? PreviousDigest => _previous;

    public void Dispose() => _wake.Dispose();

    /// <summary>Syncs until <paramref name="stopping"/> fires; a sync in its swap finishes first.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        _directory.Prepare();
        var current = _directory.CurrentDigest();
        Update(s => s with { Digest = current });
        PinVersions(current, null);
        var watcher = new TagWatcher(_spec, _hub, _options, _time, _logger);
        var watching = watcher.WatchAsync(OnTagDigest, OnWatchFailure, stopping);
        var backoff = new Backoff(_options.MaxBackoff);
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                await _wake.WaitAsync(stopping);
                var desired = Volatile.Read(ref _desired);
                if (desired is null || desired == Status.Digest)
                {
                    if (desired is not null)
                    {
                        // The tag points at what is on disk again: nothing is left to retry.
                        lock (_lock)
                        {
                            _syncError = null;
                        }
                    }

                    continue;
                }

                var started = _time.GetTimestamp();
                using var activity = Telemetry.AgentTracing.Source.StartActivity("sync");
                activity?.SetTag("aetherfs.dataset", _spec.Name);
                activity?.SetTag("aetherfs.manifest.digest", desired);
                try
                {
                    await SyncToAsync(desired, stopping);
                    Telemetry.SyncMetrics.Synced(_time.GetElapsedTime(started));
                    backoff.Reset();
                }
                catch (Exception e) when (!stopping.IsCancellationRequested && e is not OutOfMemoryException)
                {
                    Telemetry.SyncMetrics.Failed(_time.GetElapsedTime(started));
                    activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, e.Message);
                    lock (_lock)
                    {
                        _syncing = false;
                        _syncError = e.Message;
                    }

                    Log.SyncFailed(_logger, _status.Dataset, desired, e.Message);
                    await Task.Delay(backoff.Next(), _time, stopping);
                    _wake.Release();
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping: what is on disk stays current.
        }

        await watching;
    }

    private void OnTagDigest(string? digest)
    {
        if (digest is null)
        {
            // The tag was deleted: keep serving what is on disk.
            Log.TagDeleted(_logger, _status.Dataset);
            return;
        }

        // Lag counts from the first sight of a version not on disk; a further move while behind keeps that start.
        if (digest == Status.Digest)
        {
            Interlocked.Exchange(ref _behindSince, 0);
        }
        else if (Volatile.Read(ref _desired) == Status.Digest || Interlocked.Read(ref _behindSince) == 0)
        {
            Interlocked.Exchange(ref _behindSince, _time.GetTimestamp());
        }

        Volatile.Write(ref _desired, digest);
        _wake.Release();
    }

    // Logged once per change of state, not once per retry: a tag that stays missing for a day is one warning.
    private void OnWatchFailure(string? error)
    {
        string? previous;
        lock (_lock)
        {
            previous = _hubError;
            _hubError = error;
        }

        if (string.Equals(previous, error, StringComparison.Ordinal))
        {
            return;
        }

        if (error is null)
        {
            Log.Recovered(_logger, _status.Dataset);
        }
        else
        {
            Log.Failing(_logger, _status.Dataset, error);
        }
    }

    private async Task SyncToAsync(string digest, CancellationToken stopping)
    {
        var started = _time.GetUtcNow().UtcDateTime;
        lock (_lock)
        {
            _syncing = true;
        }

        var current = Status.Digest;
        // The manifest of the version on disk is held: the hub may send the new one as a delta against it.
        var heldBytes = current is null ? null : _directory.ManifestBytesOf(current);
        var held = heldBytes is null ? null : new HeldManifest(current!, heldBytes);
        var fetched = await _hub.GetManifestBytesAsync(_spec.Name, digest, held, stopping);
        var manifest = ManifestSerializer.Parse(fetched.Bytes);
        ManifestValidator.Validate(manifest);

        var onDisk = heldBytes is null ? null : ManifestSerializer.Parse(heldBytes);
        var local = onDisk is null ? null : new LocalVersionSource(_directory.PathOf(current!), onDisk);
        PinVersions(current, manifest);
        var staging = _directory.NewStaging(digest);
        var counters = new FetchCounters();
        // The version on disk is the one held: the hub may answer deltas against its blocks, whose bases come from
        // the cache or its files (verified), or full from the hub when changed on disk.
        await _assembler.AssembleAsync(manifest, staging, local, DeltaBasis.Between(current, onDisk, digest), counters, null, stopping);

        // The swap: moments long and never interrupted, so a stop cannot leave it half done.
        _directory.Complete(staging, digest, manifest);
        _directory.Flip(digest);
        _previous = current;
        _directory.Prune(new HashSet<string>(StringComparer.Ordinal) { digest, current ?? digest });
        PinVersions(digest, null);
        lock (_lock)
        {
            _syncing = false;
            _syncError = null;
        }

        Update(s => s with
        {
            Digest = digest,
            SyncedAt = _time.GetUtcNow().UtcDateTime,
            Syncs = s.Syncs + 1,
            BlocksDownloaded = s.BlocksDownloaded + counters.Downloaded,
            BytesDownloaded = s.BytesDownloaded + counters.BytesDownloaded + fetched.BytesReceived,
            BlocksFromCache = s.BlocksFromCache + counters.FromCache,
            BlocksFromPreviousVersion = s.BlocksFromPreviousVersion + counters.FromLocalFiles,
            BlocksDelta = s.BlocksDelta + counters.Deltas,
            BytesDelta = s.BytesDelta + counters.BytesDelta,
            DeltaFallbacks = s.DeltaFallbacks + counters.DeltaFallbacks,
            ManifestBytes = s.ManifestBytes + fetched.BytesReceived,
            ManifestsDelta = s.ManifestsDelta + (fetched.AsDelta ? 1 : 0),
            BlocksFromPeers = s.BlocksFromPeers + counters.FromPeers,
            BytesFromPeers = s.BytesFromPeers + counters.BytesFromPeers,
            BytesFromCache = s.BytesFromCache + counters.BytesFromCache,
        });
        Log.Synced(_logger, _status.Dataset, digest, counters.Downloaded, ByteSize.Format(counters.BytesDownloaded), counters.Deltas, counters.FromPeers, counters.FromCache, counters.FromLocalFiles, (_time.GetUtcNow().UtcDateTime - started).TotalSeconds);

        var version = new SyncedVersion(_spec.Name, _spec.Tag, digest, _directory.Current, _time.GetUtcNow().UtcDateTime);
        _events.Publish(version);
        if (_options.OnUpdate is { } command)
        {
            var exit = await OnUpdateCommand.RunAsync(command, version, CancellationToken.None);
            Log.OnUpdateRan(_logger, _status.Dataset, exit);
        }
    }

    // The current version, the previous one (for rollback) and the one being assembled stay in the cache.
    private void PinVersions(string? current, Manifest? next)
    {
        var signatures = new HashSet<string>(StringComparer.Ordinal);
        foreach (var digest in new[] { current, _previous })
        {
            if (digest is not null && _directory.ManifestOf(digest) is { } manifest)
            {
                signatures.UnionWith(manifest.Blocks.Select(b => b.Signature));
            }
        }

        if (next is not null)
        {
            signatures.UnionWith(next.Blocks.Select(b => b.Signature));
        }

        _pins.Set(_spec.Directory, signatures);
    }

    private void Update(Func<SyncStatus, SyncStatus> change)
    {
        lock (_lock)
        {
            _status = change(_status);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Synced {Dataset} to {Digest}: {Downloaded} blocks downloaded ({Bytes}, {Deltas} as deltas), {FromPeers} from peers, {FromCache} from cache, {FromPrevious} from the previous version, in {Seconds:F1} s")]
        public static partial void Synced(ILogger logger, string dataset, string digest, int downloaded, string bytes, int deltas, int fromPeers, int fromCache, int fromPrevious, double seconds);

        [LoggerMessage(2, LogLevel.Warning, "Sync of {Dataset} to {Digest} failed, will retry: {Error}")]
        public static partial void SyncFailed(ILogger logger, string dataset, string digest, string error);

        [LoggerMessage(3, LogLevel.Warning, "Tag {Dataset} was deleted on the hub; keeping the version on disk")]
        public static partial void TagDeleted(ILogger logger, string dataset);

        [LoggerMessage(5, LogLevel.Warning, "Subscription {Dataset} is failing, retrying: {Error}")]
        public static partial void Failing(ILogger logger, string dataset, string error);

        [LoggerMessage(6, LogLevel.Information, "Subscription {Dataset} follows its tag again")]
        public static partial void Recovered(ILogger logger, string dataset);

        [LoggerMessage(4, LogLevel.Information, "on-update for {Dataset} exited {ExitCode}")]
        public static partial void OnUpdateRan(ILogger logger, string dataset, int exitCode);
    }
}
