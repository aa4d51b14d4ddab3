namespace AetherFS.Client.Hub;

/// <summary>
/// Waits between retries: from 1 s, doubling up to a ceiling, each wait jittered to between half and one and a
/// half times its value so many agents do not retry in step.
/// </summary>
public sealed class Backoff
{
    private static readonly TimeSpan First = TimeSpan.FromSeconds(1);
    private readonly TimeSpan _ceiling;
    private TimeSpan _next = First;

    public Backoff(TimeSpan ceiling) => _ceiling = ceiling;

    /// <summary>The next wait (jittered); the one after is twice as long, up to the ceiling.</summary>
    public TimeSpan Next()
    {
        var wait = _next * (0.5 + Random.Shared.NextDouble());
        _next = TimeSpan.FromTicks(Math.Min(_next.Ticks * 2, _ceiling.Ticks));
        return wait;
    }

    /// <summary>Back to the first wait, after a success.</summary>
    public void Reset() => _next = First;
}
