using AetherFS.Hub.Configuration;
using AetherFS.Storage.Blobs;
using AetherFS.Storage.Blobs.S3;
using AetherFS.Storage.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AetherFS.Hub.Storage;

/// <summary>
/// Registers the blob store the storage driver names, measured and traced (<see cref="InstrumentedBlobStore"/>):
/// metrics and spans for every driver alike.
/// </summary>
internal static class HubBlobStores
{
    public static IServiceCollection AddHubBlobStore(this IServiceCollection services, HubOptions options)
    {
        if (options.StorageDriver == HubOptions.S3Driver)
        {
            services.AddSingleton(provider => new S3BlobStore(options.S3!, provider.GetRequiredService<ILogger<S3BlobStore>>(), provider.GetRequiredService<TimeProvider>()));
            services.AddSingleton<IBlobStore>(provider => new InstrumentedBlobStore(provider.GetRequiredService<S3BlobStore>()));
        }
        else
        {
            var root = options.StoragePath ?? HubOptions.DefaultStoragePath();
            services.AddSingleton<IBlobStore>(new InstrumentedBlobStore(new LocalBlobStore(new LocalBlobStoreOptions { RootPath = root })));
        }


        return services;
    }

}
