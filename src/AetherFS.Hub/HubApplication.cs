using System.Net;
using AetherFS.Hub.Configuration;
using AetherFS.Hub.Endpoints;
using AetherFS.Hub.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AetherFS.Hub;

/// <summary>Builds the hub's web application: Kestrel on one port serving the REST API and health.</summary>
public static class HubApplication
{
    public static WebApplication Build(HubOptions options, Action<ILoggingBuilder>? configureLogging = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        configureLogging?.Invoke(builder.Logging);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Parse(options.ListenAddress), options.Port);
            kestrel.Limits.MaxRequestBodySize = Math.Max(options.MaxBlockSize, options.MaxManifestSize) + 1L;
        });
        builder.Services.AddAetherFSHub(options);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<ProblemExceptionMiddleware>();
        app.UseRequestDecompression();
        app.UseResponseCompression();
        HealthEndpoints.Map(app);
        BlockEndpoints.Map(app);
        ManifestEndpoints.Map(app);
        DatasetEndpoints.Map(app);
        return app;
    }
}
