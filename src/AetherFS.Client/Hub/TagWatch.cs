namespace AetherFS.Client.Hub;

/// <summary>
/// Follows one tag through the hub's watch stream (server-sent events, the REST form of DatasetAPI.Subscribe),
/// reconnecting with backoff and jitter when the stream breaks or the hub cannot be reached: what the agent's sync and
/// a mount of NAME:TAG both do.
/// </summary>
public sealed class TagWatch
{
    private readonly HubClient _hub;
    private readonly string _name;
    private readonly string _tag;
    private readonly TimeSpan _maxBackoff;
    private readonly TimeProvider _time;

    public TagWatch(HubClient hub, string name, string tag, TimeSpan maxBackoff, TimeProvider? time = null)
    {
        _hub = hub;
        _name = name;
        _tag = tag;
        _maxBackoff = maxBackoff;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Follows until <paramref name="stopping"/> is cancelled; never throws otherwise.</summary>
    /// <param name="onChange">Each event: the tag's place when a connection starts, then every move or deletion.</param>
    /// <param name="onFailure">A connection failed or broke (a retry follows after a backoff).</param>
    /// <param name="onConnecting">Before each connection (the agent asks there whether the tag exists).</param>
    public async Task RunAsync(Func<TagEvent, CancellationToken, Task> onChange, Action<Exception> onFailure, CancellationToken stopping, Func<CancellationToken, Task>? onConnecting = null)
    {
        var backoff = new Backoff(_maxBackoff);
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                if (onConnecting is not null)
                {
                    await onConnecting(stopping);
                }

                var received = false;
                await foreach (var change in _hub.WatchAsync(_name, [_tag], stopping))
                {
                    received = true;
                    backoff.Reset();
                    await onChange(change, stopping);
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
                onFailure(e);
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
}
