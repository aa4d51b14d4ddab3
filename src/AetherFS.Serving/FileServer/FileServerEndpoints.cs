using AetherFS.Serving.Versions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AetherFS.Serving.FileServer;

/// <summary><c>GET</c>/<c>HEAD /fs/...</c>: datasets as browsable, range-readable files (see <see cref="FileServerHandler"/>).</summary>
public static class FileServerEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        // Built once from the hub's singletons, so the file server needs no registrations of its own.
        var services = app.ServiceProvider;
        var server = new FileServerHandler(
            services.GetRequiredService<IVersionSource>(),
            new FileResponder(services.GetRequiredService<IFileContent>(), services.GetRequiredService<ILogger<FileResponder>>(), services.GetService<Telemetry.ServingMetrics>()),
            services.GetService<IDatasetReadGate>());
        app.MapMethods(RequestPath.Root + "/{**path}", [HttpMethods.Get, HttpMethods.Head], server.HandleAsync);
    }
}
