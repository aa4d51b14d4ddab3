namespace AetherFS.Hub.Telemetry;

/// <summary>
/// Times pushes as this hub sees them: from the first "which blocks are missing" of a push id to the tag that ends
/// it. A push is a series of requests, so only the hub that answered its first question can time it; behind a load
/// balancer each hub times the pushes it saw start. Bounded: at most <see cref="MaxTracked"/> pushes in flight are
/// remembered (the oldest are forgotten, untimed), and a push that never ends is forgotten after a day.
/// </summary>
internal sealed class PushTimer
{
    public const int MaxTracked = 10_000;
    private static readonly TimeSpan Forgotten = TimeSpan.FromDays(1);
    private readonly Dictionary<string, long> _started = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();

    public PushTimer(TimeProvider time) => _time = time;

    /// <summary>Notes the start of <paramref name="pushId"/> unless it is already known.</summary>
    public void Seen(string? pushId)
    {
        if (string.IsNullOrEmpty(pushId))
        {
            return;
        }

        var now = _time.GetTimestamp();
        lock (_lock)
        {
            if (_started.ContainsKey(pushId))
            {
                return;
            }

            if (_started.Count >= MaxTracked)
            {
                Forget(now);
            }

            _started[pushId] = now;
        }
    }

    /// <summary>Ends <paramref name="pushId"/>: records its duration when this hub saw it start.</summary>
    public void Finished(string? pushId)
    {
        if (string.IsNullOrEmpty(pushId))
        {
            return;
        }

        long started;
        lock (_lock)
        {
            if (!_started.Remove(pushId, out started))
            {
                return;
            }
        }

        HubMetrics.PushFinished(_time.GetElapsedTime(started));
    }

    /// <summary>A push given up (<c>DELETE /api/v1/pushes/ID</c>) is forgotten, not timed.</summary>
    public void Abandoned(string pushId)
    {
        lock (_lock)
        {
            _started.Remove(pushId);
        }
    }

    /// <summary>Drops pushes older than a day, then, if still full, the oldest tenth.</summary>
    private void Forget(long now)
    {
        foreach (var stale in _started.Where(s => _time.GetElapsedTime(s.Value, now) > Forgotten).Select(s => s.Key).ToList())
        {
            _started.Remove(stale);
        }

        if (_started.Count >= MaxTracked)
        {
            foreach (var oldest in _started.OrderBy(s => s.Value).Take(MaxTracked / 10).Select(s => s.Key).ToList())
            {
                _started.Remove(oldest);
            }
        }
    }
}
