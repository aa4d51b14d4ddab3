using Microsoft.Extensions.Logging;

namespace AetherFS.Storage.Blobs.S3;

/// <summary>
/// Runs one S3 request, again after a transient failure (see <see cref="S3Errors.IsTransient"/>), waiting an
/// exponentially growing delay with jitter in between, so hubs that lost the store together do not return in step.
/// Every failure it gives up on leaves as a <see cref="BlobStoreException"/>.
/// </summary>
internal sealed partial class S3RetryPolicy
{
    private readonly S3BlobStoreOptions _options;
    private readonly int _maxAttempts;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public S3RetryPolicy(S3BlobStoreOptions options, int maxAttempts, TimeProvider time, ILogger logger)
    {
        _options = options;
        _maxAttempts = maxAttempts;
        _time = time;
        _logger = logger;
    }

    public int MaxAttempts => _maxAttempts;

    public async Task<T> ExecuteAsync<T>(string operation, string key, Func<CancellationToken, Task<T>> request, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await request(cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not (BlobStoreException or ArgumentException))
            {
                if (attempt >= _maxAttempts || !S3Errors.IsTransient(e))
                {
                    throw S3Errors.Translate(e, _options, operation, attempt);
                }

                var delay = DelayBefore(attempt + 1);
                Log.Retrying(_logger, operation, key, attempt, _maxAttempts, (long)delay.TotalMilliseconds, e.GetType().Name, e.Message);
                await Task.Delay(delay, _time, cancellationToken);
            }
        }
    }

    /// <summary>Waits, on the store's clock, as long as <see cref="DelayBefore"/> says.</summary>
    public Task WaitBeforeAsync(int attempt, CancellationToken cancellationToken) => Task.Delay(DelayBefore(attempt), _time, cancellationToken);

    /// <summary>The store's clock, for the timeouts of those it retries for.</summary>
    public TimeProvider Time => _time;

    /// <summary>The wait before attempt <paramref name="attempt"/> (2 or more): half fixed, half random.</summary>
    public TimeSpan DelayBefore(int attempt)
    {
        var exponential = _options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 2, 30));
        var capped = Math.Min(exponential, _options.RetryMaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds((capped / 2) + (Random.Shared.NextDouble() * capped / 2));
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "S3 {Operation} of '{Key}' failed (attempt {Attempt} of {MaxAttempts}), retrying in {DelayMs} ms: {ErrorType}: {Message}")]
        public static partial void Retrying(ILogger logger, string operation, string key, int attempt, int maxAttempts, long delayMs, string errorType, string message);
    }
}
