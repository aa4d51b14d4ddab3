using AetherFS.Agent.Configuration;
using AetherFS.Client.Fetch;
using AetherFS.Client.Hub;
using AetherFS.Core.Blocks;
using AetherFS.Core.Manifests;
using AetherFS.Mount.Lifecycle;
using AetherFS.Mount.Sessions;
using Microsoft.Extensions.Logging;

namespace AetherFS.Agent.Mounting;

/// <summary>
/// One <c>--mount NAME:TAG=DIR</c>: waits (with backoff) until the tag can be resolved, then serves it with the same
/// <see cref="DatasetMount"/> as <c>aetherfs mount</c>, reading through the agent's fetch engine and cache, until the
/// agent stops (then it unmounts) or the mount is ended from outside.
/// </summary>
public sealed partial class MountWorker
{
    private readonly SyncSpec _spec;
    private readonly HubClient _hub;
    private readonly BlockFetcher _fetcher;
    private readonly AgentOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private volatile DatasetMount? _mount;
    private volatile string? _lastError;
    private volatile bool _ended;

    public MountWorker(SyncSpec spec, HubClient hub, BlockFetcher fetcher, AgentOptions options, TimeProvider time, ILogger logger)
    {
        _spec = spec;
        _hub = hub;
        _fetcher = fetcher;
        _options = options;
        _time = time;
        _logger = logger;
    }

    public SyncSpec Spec => _spec;

    public MountStatus Status
    {
        get
        {
            var mount = _mount;
            var totals = mount?.Totals;
            var state = _ended ? MountState.Ended : mount is null ? MountState.Waiting : MountState.Mounted;
            return new MountStatus($"{_spec.Name}:{_spec.Tag}", _spec.Directory, state, mount?.Digest, _lastError, totals?.BlocksFromHub ?? 0, totals?.BytesFromHub ?? 0, totals?.BlocksFromCache ?? 0);
        }
    }

    public async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            var mount = await MountAsync(stopping);
            if (mount is null)
            {
                return;
            }

            await using (mount)
            {
                await Task.WhenAny(mount.Completion, Task.Delay(Timeout.Infinite, stopping));
                if (mount.Completion.IsCompleted && !stopping.IsCancellationRequested)
                {
                    _ended = true;
                    Log.EndedFromOutside(_logger, _spec.Directory);
                }
            }

            Log.Unmounted(_logger, _spec.Directory, mount.Totals.ToString());
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopped before anything was mounted.
        }
    }

    // Null when the directory cannot be mounted on (said once; retrying would not change it).
    private async Task<DatasetMount?> MountAsync(CancellationToken stopping)
    {
        var backoff = new Backoff(_options.MaxBackoff);
        while (true)
        {
            var refusal = await MountPoint.PrepareAsync(_spec.Directory, line => Log.Prepared(_logger, line), stopping);
            if (refusal is not null)
            {
                return Fail($"cannot mount on {_spec.Directory}: {refusal}");
            }

            try
            {
                var (digest, manifest) = await _hub.GetManifestAsync(_spec.Name, _spec.Tag, stopping);
                ManifestValidator.Validate(manifest);
                var mount = DatasetMount.Start(new DatasetMountSettings
                {
                    Hub = _hub,
                    Fetcher = _fetcher,
                    Name = _spec.Name,
                    Tag = _spec.Tag,
                    First = new ManifestIndex(digest, manifest),
                    Directory = _spec.Directory,
                    Log = line => Log.Following(_logger, line),
                });
                _lastError = null;
                _mount = mount;
                Log.Mounted(_logger, _spec.Name, _spec.Tag, digest, _spec.Directory);
                return mount;
            }
            catch (Exception e) when (e is HubException or HubUnavailableException or HttpRequestException or ManifestFormatException or DigestMismatchException)
            {
                _lastError = e.Message;
                Log.Waiting(_logger, _spec.Name, _spec.Tag, e.Message);
            }
            catch (IOException e)
            {
                return Fail(e.Message);
            }

            await Task.Delay(backoff.Next(), _time, stopping);
        }
    }

    private DatasetMount? Fail(string error)
    {
        _lastError = error;
        _ended = true;
        Log.Refused(_logger, _spec.Name, _spec.Tag, error);
        return null;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "mounted {Name}:{Tag} ({Digest}) at {Directory}")]
        public static partial void Mounted(ILogger logger, string name, string tag, string digest, string directory);

        [LoggerMessage(2, LogLevel.Warning, "cannot mount {Name}:{Tag} yet: {Error}; trying again")]
        public static partial void Waiting(ILogger logger, string name, string tag, string error);

        [LoggerMessage(3, LogLevel.Error, "not mounting {Name}:{Tag}: {Error}")]
        public static partial void Refused(ILogger logger, string name, string tag, string error);

        [LoggerMessage(4, LogLevel.Information, "{Line}")]
        public static partial void Following(ILogger logger, string line);

        [LoggerMessage(5, LogLevel.Warning, "{Line}")]
        public static partial void Prepared(ILogger logger, string line);

        [LoggerMessage(6, LogLevel.Warning, "the mount at {Directory} was ended from outside; not mounting it again until the agent restarts")]
        public static partial void EndedFromOutside(ILogger logger, string directory);

        [LoggerMessage(7, LogLevel.Information, "unmounted {Directory}: {Totals}")]
        public static partial void Unmounted(ILogger logger, string directory, string totals);
    }
}
