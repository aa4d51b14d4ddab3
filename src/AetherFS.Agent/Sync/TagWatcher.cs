using AetherFS.Agent.Configuration;
using AetherFS.Client.Hub;
using AetherFS.Protocol.Errors;
using Microsoft.Extensions.Logging;

namespace AetherFS.Agent.Sync;

/// <summary>
/// Follows one tag on the hub for a sync (<see cref="TagWatch"/>, shared with mounts), reporting the hub's health as
/// it goes: unreachable, the tag missing, or answering again.
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
    public Task WatchAsync(Action<string?> onDigest, Action<string?> onHealth, CancellationToken stopping) =>
        new TagWatch(_hub, _spec.Name, _spec.Tag, _options.MaxBackoff, _time).RunAsync(
            (change, _) =>
            {
                // The hub answers the stream's headers at once, so an event means the hub is back.
                onHealth(null);
                onDigest(change.Deleted ? null : change.Tag.Digest);
                return Task.CompletedTask;
            },
            e =>
            {
                onHealth(e is HubException { Kind: ErrorKind.NotFound } ? NotFound() : $"hub {_options.Hub} unreachable: {e.Message}");
                Log.Reconnecting(_logger, _spec.Name, _spec.Tag, e.Message);
            },
            stopping,
            ct => CheckTagExistsAsync(onHealth, ct));

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

    private static partial class Log
    {
        // Debug: each retry; the worker logs the change of state once, as a warning.
        [LoggerMessage(2, LogLevel.Debug, "Lost the hub while following {Name}:{Tag}, reconnecting: {Error}")]
        public static partial void Reconnecting(ILogger logger, string name, string tag, string error);
    }
}
