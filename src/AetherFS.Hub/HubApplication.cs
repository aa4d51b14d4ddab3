using AetherFS.Serving.FileServer;
using AetherFS.Serving.Listening;
using AetherFS.Serving.Hosting;
using AetherFS.Serving.Telemetry;
using System.Net;
using AetherFS.Hub.Configuration;
using AetherFS.Hub.Endpoints;
using AetherFS.Hub.Grpc;
using AetherFS.Hub.Http;
using AetherFS.Hub.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AetherFS.Hub;

/// <summary>Builds the hub's web application: Kestrel on one port serving gRPC (and gRPC-Web), the REST API, files, the UI and health.</summary>
public static class HubApplication
{
    /// <param name="time">The hub's clock (tag times, retention, the periodic collection); tests give a fake one.</param>
    public static WebApplication Build(HubOptions options, Action<ILoggingBuilder>? configureLogging = null, TimeProvider? time = null)
    {
        var certificate = options.TlsCertificatePath is { } path ? TlsCertificates.Load(path, options.TlsKeyPath!) : null;
        var builder = ServingHost.CreateBuilder(options.ListenAddress, options.Port, certificate, configureLogging);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = Math.Max(options.MaxBlockSize, options.MaxManifestSize) + 1L;
            // HTTP/2's default 96 KiB stream window caps a block upload at one window per round trip.
            kestrel.Limits.Http2.InitialConnectionWindowSize = 16 * 1024 * 1024;
            kestrel.Limits.Http2.InitialStreamWindowSize = 8 * 1024 * 1024;
        });
        builder.Services.AddAetherFSHub(options, time);

        var app = builder.Build();
        // Before anything is measured (the storage check runs next): every hub series reads 0 from the first scrape.
        app.Services.StartMetrics();
        Telemetry.HubMetrics.Initialise();
        AetherFS.Storage.Telemetry.StorageMetrics.Initialise();
        // Browsers call the gRPC API as gRPC-Web (HTTP/1.1 or HTTP/2, no trailers); the services answer both.
        app.UseRequestMetrics();
        app.UseGrpcWeb(new GrpcWebOptions { DefaultEnabled = true });
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<ProblemExceptionMiddleware>();
        app.UseRequestDecompression();
        app.UseResponseCompression();
        // Routing first, so the access check reads the route values the endpoint will (one parser, not two).
        app.UseRouting();
        app.UseMiddleware<Security.AccessMiddleware>();
        HealthEndpoints.Map(app);
        app.MapMetrics();
        AuthEndpoints.Map(app);
        TokenEndpoints.Map(app);
        FileServerEndpoints.Map(app);
        BlockEndpoints.Map(app);
        ManifestEndpoints.Map(app);
        DatasetEndpoints.Map(app);
        GcEndpoints.Map(app);
        VerifyEndpoints.Map(app);
        PushEndpoints.Map(app);
        Ui.UiEndpoints.Map(app);
        ApiDocumentationEndpoints.Map(app);
        app.MapGrpcService<DatasetApiService>();
        app.MapGrpcService<BlockApiService>();
        app.MapGrpcReflectionService();
        app.MapGrpcHealthChecksService();
        return app;
    }
}
