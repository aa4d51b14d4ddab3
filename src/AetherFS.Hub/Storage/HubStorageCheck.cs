using AetherFS.Hub.Configuration;
using AetherFS.Storage.Blobs;
using AetherFS.Storage.Blobs.S3;
using AetherFS.Storage.Encryption;
using Microsoft.Extensions.DependencyInjection;

namespace AetherFS.Hub.Storage;

/// <summary>
/// Run before the hub listens: a bucket that is missing, unreachable or refuses the credentials stops the start
/// with one <see cref="BlobStoreException"/> line, rather than failing every request later; a store whose
/// encryption the hub's keys do not fit, with one <see cref="EncryptionKeyException"/> line.
/// </summary>
public static class HubStorageCheck
{
    public static async Task RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        if (services.GetService<S3BlobStore>() is { } s3)
        {
            await s3.VerifyAccessAsync(cancellationToken);
        }

        await EncryptionStartCheck.RunAsync(
            services.GetRequiredService<IBlobStore>(),
            services.GetRequiredService<PayloadCipher>(),
            services.GetRequiredService<HubOptions>().Encryption.AllowPlaintext,
            cancellationToken);
    }
}
