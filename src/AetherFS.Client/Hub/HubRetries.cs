using Polly;
using Polly.Retry;

namespace AetherFS.Client.Hub;

/// <summary>
/// How the client retries idempotent operations (block PUT and GET, lookups, listings): after a refused or reset
/// connection, or a 502, 503 or 504 answer, with exponential backoff and jitter, a few times before giving up.
/// </summary>
internal static class HubRetries
{
    public static ResiliencePipeline Create(TimeProvider time) => new ResiliencePipelineBuilder { TimeProvider = time }
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder()
                .Handle<HubUnavailableException>()
                .Handle<HubException>(e => e.IsTransient)
                .Handle<HttpIOException>(),
            MaxRetryAttempts = 4,
            Delay = TimeSpan.FromMilliseconds(200),
            MaxDelay = TimeSpan.FromSeconds(5),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
        })
        .Build();
}
