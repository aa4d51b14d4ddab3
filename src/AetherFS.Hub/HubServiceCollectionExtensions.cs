using AetherFS.Hub.Configuration;
using AetherFS.Hub.Publishing;
using AetherFS.Storage.Blobs;
using AetherFS.Storage.Blocks;
using AetherFS.Storage.Datasets;
using Microsoft.Extensions.DependencyInjection;

namespace AetherFS.Hub;

/// <summary>Registers the hub's stores and services.</summary>
public static class HubServiceCollectionExtensions
{
    public static IServiceCollection AddAetherFSHub(this IServiceCollection services, HubOptions options)
    {
        options.Validate();
        var storagePath = options.StoragePath ?? HubOptions.DefaultStoragePath();
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IBlobStore>(new LocalBlobStore(new LocalBlobStoreOptions { RootPath = storagePath }));
        services.AddSingleton<BlockStore>();
        services.AddSingleton<DatasetStore>();
        services.AddSingleton<ManifestPublisher>();
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, Protocol.Rest.ProtocolJsonContext.Default));
        return services;
    }
}
