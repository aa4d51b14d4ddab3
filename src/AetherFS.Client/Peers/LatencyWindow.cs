namespace AetherFS.Client.Peers;

/// <summary>
/// The last few latencies of one kind (the hub's time to a batch's first block), for a percentile: a ring, so it
/// follows the hub as it gets slower or faster, in constant memory.
/// </summary>
public sealed class LatencyWindow(int size = 64)
{
    private readonly double[] _seconds = new double[size];
    private readonly Lock _lock = new();
    private int _count;
    private int _next;

    public void Record(TimeSpan latency)
    {
        lock (_lock)
        {
            _seconds[_next] = latency.TotalSeconds;
            _next = (_next + 1) % _seconds.Length;
            _count = Math.Min(_count + 1, _seconds.Length);
        }
    }

    /// <summary>The 95th percentile of the latencies kept; zero before the first.</summary>
    public TimeSpan P95()
    {
        double[] sorted;
        lock (_lock)
        {
            sorted = _seconds[.._count];
        }

        if (sorted.Length == 0)
        {
            return TimeSpan.Zero;
        }

        Array.Sort(sorted);
        return TimeSpan.FromSeconds(sorted[(int)Math.Ceiling(0.95 * sorted.Length) - 1]);
    }
}
