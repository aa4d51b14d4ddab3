using AetherFS.Agent.Configuration;
using AetherFS.Client.Hub;
using AetherFS.Protocol.Dataset.V1;
using AetherFS.Protocol.Grpc;
using AetherFS.Protocol.Grpc.Client;
using Microsoft.Extensions.Logging;

namespace AetherFS.Agent.Sync;

/// <summary>
/// Follows one tag on the hub: through the DatasetAPI Subscribe stream (reconnecting with backoff and jitter when
/// it breaks), or by reading the tag every poll interval when the hub cannot be reached through gRPC.
/// </summary>
internal sealed partial class TagWatcher
{
    private readonly SyncSpec _spec;
    private readonly HubClient _hub;
    private readonly AgentOptions _options;
    private readonly ILogger _logger;

    public TagWatcher(SyncSpec spec, HubClient hub, AgentOptions options, ILogger logger)
    {
        _spec = spec;
        _hub = hub;
        _options = options;
        _logger = logger;
    }

    /// <param name="onDigest">The tag's digest each time it is learned (null: the tag was deleted).</param>
    /// <param name="onHealth">Null when the hub answers again, else why it does not.</param>
    public async Task WatchAsync(Action<string?> onDigest, Action<string?> onHealth, CancellationToken stopping)
    {
        using var channel = new GrpcChannel(_options.Hub);
        var datasets = new DatasetApiClient(channel);
        var backoff = new Backoff(_options.MaxBackoff);
        var polling = false;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                if (polling)
                {
                    var tag = await _hub.GetTagAsync(_spec.Name, _spec.Tag, stopping);
                    onHealth(null);
                    onDigest(tag.Digest);
                    await Task.Delay(_options.PollInterval, stopping);
                    continue;
                }

                await foreach (var change in datasets.SubscribeAsync([new Tag { Name = _spec.Name, Version = _spec.Tag }], stopping))
                {
                    onHealth(null);
                    backoff.Reset();
                    onDigest(change.Deleted ? null : change.Tag.Digest);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (GrpcException e) when (GrpcFailures.MeansNoGrpc(e))
            {
                Log.Polling(_logger, _spec.Name, _spec.Tag, e.Detail);
                polling = true;
            }
            catch (HubException e) when (e.IsNotFound)
            {
                // No such tag yet: it may be published later.
                onHealth(null);
                await DelayAsync(_options.PollInterval, stopping);
            }
            catch (Exception e) when (e is GrpcException or HubException or HubUnavailableException or HttpRequestException or IOException)
            {
                onHealth($"hub {_options.Hub} unreachable: {e.Message}");
                Log.Reconnecting(_logger, _spec.Name, _spec.Tag, e.Message);
                await DelayAsync(backoff.Next(), stopping);
            }
        }
    }

    private static async Task DelayAsync(TimeSpan delay, CancellationToken stopping)
    {
        try
        {
            await Task.Delay(delay, stopping);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the loop ends.
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Following {Name}:{Tag} by polling: the hub's Subscribe stream is not reachable ({Reason})")]
        public static partial void Polling(ILogger logger, string name, string tag, string reason);

        [LoggerMessage(2, LogLevel.Warning, "Lost the hub while following {Name}:{Tag}, reconnecting: {Error}")]
        public static partial void Reconnecting(ILogger logger, string name, string tag, string error);
    }
}
