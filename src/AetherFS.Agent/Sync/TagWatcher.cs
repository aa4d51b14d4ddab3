using AetherFS.Agent.Configuration;
using AetherFS.Client.Hub;
using AetherFS.Protocol.Errors;
using Microsoft.Extensions.Logging;

namespace AetherFS.Agent.Sync;

/// <summary>
/// Follows one tag on the hub through its watch stream (server-sent events, the REST form of DatasetAPI.Subscribe),
/// reconnecting with backoff and jitter when the stream breaks or the hub cannot be reached.
/// </summary>
internal sealed partial class TagWatcher
{
    private readonly SyncSpec _spec;
    private readonly HubClient _hub;
    private readonly AgentOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public TagWatcher(SyncSpec spec, HubClient hub, AgentOptions options, TimeProvider time, ILogger logger)
    {
        _spec = spec;
        _hub = hub;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <param name="onDigest">The tag's digest each time it is learned (null: the tag was deleted).</param>
    /// <param name="onHealth">Null when the hub answers again, else why it does not.</param>
    public async Task WatchAsync(Action<string?> onDigest, Action<string?> onHealth, CancellationToken stopping)
    {
        var backoff = new Backoff(_options.MaxBackoff);
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await CheckTagExistsAsync(onHealth, stopping);

                // The hub answers the stream's headers at once, so reaching this far means the hub is back.
                var received = false;
                await foreach (var change in _hub.WatchAsync(_spec.Name, [_spec.Tag], stopping))
                {
                    received = true;
                    onHealth(null);
                    backoff.Reset();
                    onDigest(change.Deleted ? null : change.Tag.Digest);
                }

                // The hub ended the stream (it is stopping, or a proxy timed out): follow again at once, unless the
                // stream ended without a word, so that one that keeps ending at once does not spin.
                if (!received)
                {
                    await DelayAsync(backoff.Next(), stopping);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HubException or HubUnavailableException or HttpRequestException or IOException)
            {
                onHealth(e is HubException { Kind: ErrorKind.NotFound } ? NotFound() : $"hub {_options.Hub} unreachable: {e.Message}");
                Log.Reconnecting(_logger, _spec.Name, _spec.Tag, e.Message);
                await DelayAsync(backoff.Next(), stopping);
            }
        }
    }

    // The watch stream says nothing about a tag that does not exist: it waits for one to appear. Asked once per
    // connection, so a subscription to a mistyped or deleted tag shows as failing (the stream's first event for the
    // tag, when it is pushed, clears it) instead of starting forever.
    private async Task CheckTagExistsAsync(Action<string?> onHealth, CancellationToken stopping)
    {
        try
        {
            // Once: the watcher has its own backoff, and a hub that went away must show as degraded at once.
            await _hub.GetTagOnceAsync(_spec.Name, _spec.Tag, stopping);
        }
        catch (HubException e) when (e.Kind == ErrorKind.NotFound)
        {
            onHealth(NotFound());
        }
    }

    private string NotFound() => $"tag {_spec.Name}:{_spec.Tag} not found on hub {_options.Hub}";

    private async Task DelayAsync(TimeSpan delay, CancellationToken stopping)
    {
        try
        {
            await Task.Delay(delay, _time, stopping);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the loop ends.
        }
    }

    private static partial class Log
    {
        // Debug: each retry; the worker logs the change of state once, as a warning.
        [LoggerMessage(2, LogLevel.Debug, "Lost the hub while following {Name}:{Tag}, reconnecting: {Error}")]
        public static partial void Reconnecting(ILogger logger, string name, string tag, string error);
    }
}
