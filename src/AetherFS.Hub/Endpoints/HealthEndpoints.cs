using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AetherFS.Hub.Endpoints;

/// <summary><c>/healthz</c>: answers while the hub can serve.</summary>
internal static class HealthEndpoints
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapMethods("/healthz", ["GET", "HEAD"], () => Results.Text("ok\n"));
}
