using AetherFS.Serving.Versions;
using AetherFS.Serving.Grpc;
using AetherFS.Hub.Application;
using AetherFS.Hub.Configuration;
using AetherFS.Hub.Datasets;
using AetherFS.Hub.GarbageCollection;
using AetherFS.Hub.Grpc;
using AetherFS.Hub.Publishing;
using AetherFS.Hub.Scrubbing;
using AetherFS.Hub.Security;
using AetherFS.Hub.Storage;
using AetherFS.Hub.Telemetry;
using AetherFS.Hub.Usage;
using AetherFS.Serving.Telemetry;
using AetherFS.Storage.Blobs;
using AetherFS.Storage.Blocks;
using AetherFS.Storage.Packs;
using Microsoft.Extensions.Logging;
using AetherFS.Storage.Datasets;
using AetherFS.Storage.Encryption;
using AetherFS.Storage.Retention;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.DependencyInjection;

namespace AetherFS.Hub;

/// <summary>Registers the hub's stores, its application layer and the interfaces over it.</summary>
public static class HubServiceCollectionExtensions
{
    public static IServiceCollection AddAetherFSHub(this IServiceCollection services, HubOptions options, TimeProvider? time = null)
    {
        options.Validate();
        services.AddSingleton(options);
        services.AddSingleton(time ?? TimeProvider.System);
        services.AddHubBlobStore(options);
        services.AddSingleton(options.Encryption.CreateCipher());
        services.AddSingleton(sp => new PackCatalog(sp.GetRequiredService<IBlobStore>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<PackCatalog>>()));
        services.AddSingleton(sp => new BlockStore(sp.GetRequiredService<IBlobStore>(), sp.GetRequiredService<PackCatalog>(), sp.GetRequiredService<TimeProvider>(), options.BlockCacheSize, sp.GetRequiredService<PayloadCipher>()));
        services.AddSingleton(sp => new DatasetStore(sp.GetRequiredService<IBlobStore>(), sp.GetRequiredService<PayloadCipher>()));
        services.AddSingleton<TagChangeSignal>();
        services.AddSingleton<TagFollower>();
        services.AddSingleton<ManifestCache>();
        services.AddSingleton<TagReadCache>();
        services.AddSingleton<VersionResolver>();
        services.AddSingleton<FileRangeReader>();
        services.AddSingleton<IVersionSource>(sp => sp.GetRequiredService<VersionResolver>());
        services.AddSingleton<IFileContent>(sp => sp.GetRequiredService<FileRangeReader>());
        services.AddSingleton<Ui.VersionComparer>();
        services.AddSingleton<Ui.TextFileReader>();
        services.AddGarbageCollection(options);
        services.AddScrubbing(options);
        services.AddUsage(options);

        // The application layer: REST and gRPC both call it.
        services.AddSingleton<DatasetQueries>();
        services.AddSingleton<PushTimer>();
        services.AddSingleton<ManifestPublisher>();
        services.AddSingleton<BlockService>();
        // Encoded transfer deltas: many agents following one dataset ask for the same ones at once.
        services.AddSingleton(new Deltas.DeltaCache(64L * 1024 * 1024));
        services.AddSingleton<Deltas.TransferDeltas>();
        services.AddSingleton<Deltas.ManifestDeltas>();
        services.AddSingleton<TransferCalculator>();
        services.AddSingleton<RetentionService>();

        services.AddServingTelemetry(Telemetry.HubTelemetry.Setup, "aetherfs-hub");
        services.AddHubSecurity(options);
        services.AddServingGrpc(options.GrpcMaxMessageSize, grpc =>
        {
            // Access first: a refused call never reaches the service, whose errors the second maps.
            grpc.Interceptors.Add<Security.GrpcAccessInterceptor>();
            grpc.Interceptors.Add<GrpcErrorInterceptor>();
        });
        services.AddGrpcReflection();
        services.AddGrpcHealthChecks().AddCheck<StorageHealthCheck>("storage");

        services.AddProblemDetails();
        // Manifests and listings are JSON that shrinks several times: compress them on the wire both ways.
        // Block payloads are already compressed and their media types are not listed.
        services.AddRequestDecompression();
        services.AddResponseCompression(compression =>
        {
            compression.Providers.Add<BrotliCompressionProvider>();
            compression.Providers.Add<GzipCompressionProvider>();
            compression.MimeTypes = [Protocol.Rest.ApiPaths.ManifestMediaType, "application/json"];
        });
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Optimal);
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, Protocol.Rest.ProtocolJsonContext.Default));
        return services;
    }
}
