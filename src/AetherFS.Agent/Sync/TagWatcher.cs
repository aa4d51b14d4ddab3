using AetherFS.Agent.Configuration;
using AetherFS.Client.Hub;
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
                onHealth($"hub {_options.Hub} unreachable: {e.Message}");
                Log.Reconnecting(_logger, _spec.Name, _spec.Tag, e.Message);
                await DelayAsync(backoff.Next(), stopping);
            }
        }
    }

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
        [LoggerMessage(2, LogLevel.Warning, "Lost the hub while following {Name}:{Tag}, reconnecting: {Error}")]
        public static partial void Reconnecting(ILogger logger, string name, string tag, string error);
    }
}
