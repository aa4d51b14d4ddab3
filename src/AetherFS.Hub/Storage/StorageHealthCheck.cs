using AetherFS.Storage.Blobs;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AetherFS.Hub.Storage;

/// <summary>
/// Whether the hub reaches its storage: one HEAD of a small key, bounded in time. Reported by the standard gRPC
/// health service (<c>grpc.health.v1.Health</c>), so load balancers take a hub that lost its bucket out of rotation.
/// </summary>
internal sealed class StorageHealthCheck : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
    private readonly IBlobStore _blobs;
    private readonly TimeProvider _time;

    public StorageHealthCheck(IBlobStore blobs, TimeProvider time)
    {
        _blobs = blobs;
        _time = time;
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(Timeout);
        try
        {
            await _blobs.HeadAsync(GarbageCollection.StoreClock.Key, bounded.Token);
            return HealthCheckResult.Healthy();
        }
        catch (BlobStoreException e)
        {
            return HealthCheckResult.Unhealthy(e.Message);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"storage did not answer within {Timeout.TotalSeconds:0} s");
        }
    }
}
