using System.Threading.RateLimiting;

namespace AetherFS.Hub.Scrubbing;

/// <summary>
/// Holds a scrub to a byte rate, so verifying a large store does not starve the hub's clients of storage bandwidth:
/// a token bucket refilled ten times a second, one token per KiB (so rates of many GiB/s still fit its counters),
/// holding at most a tenth of a second's worth. Without a rate it never waits.
/// </summary>
internal sealed class ScrubPace : IDisposable
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(100);
    private readonly TokenBucketRateLimiter? _limiter;
    private readonly int _tokensPerPeriod;

    public ScrubPace(long? bytesPerSecond)
    {
        if (bytesPerSecond is not > 0 || bytesPerSecond.Value / 1024 / 10 > int.MaxValue)
        {
            return;
        }

        _tokensPerPeriod = (int)Math.Max(1, bytesPerSecond.Value / 1024 / 10);
        _limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = _tokensPerPeriod,
            TokensPerPeriod = _tokensPerPeriod,
            ReplenishmentPeriod = Period,
            QueueLimit = _tokensPerPeriod,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }

    /// <summary>Waits until <paramref name="bytes"/> more may be read.</summary>
    public async ValueTask WaitAsync(int bytes, CancellationToken cancellationToken)
    {
        if (_limiter is null)
        {
            return;
        }

        // One scrub reads at a time, so each request finds the queue empty; more than a period's worth is taken in parts.
        for (var tokens = Math.Max(1, (bytes + 1023) / 1024); tokens > 0;)
        {
            var take = Math.Min(tokens, _tokensPerPeriod);
            using var lease = await _limiter.AcquireAsync(take, cancellationToken);
            tokens -= lease.IsAcquired ? take : throw new InvalidOperationException("the scrub's rate limiter refused a lease");
        }
    }

    public void Dispose() => _limiter?.Dispose();
}
