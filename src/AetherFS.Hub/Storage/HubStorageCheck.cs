using AetherFS.Storage.Blobs.S3;
using Microsoft.Extensions.DependencyInjection;

namespace AetherFS.Hub.Storage;

/// <summary>
/// Run before the hub listens: a bucket that is missing, unreachable or refuses the credentials stops the start
/// with one <see cref="AetherFS.Storage.Blobs.BlobStoreException"/> line, rather than failing every request later.
/// </summary>
public static class HubStorageCheck
{
    public static Task RunAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetService<S3BlobStore>()?.VerifyAccessAsync(cancellationToken) ?? Task.CompletedTask;
}
