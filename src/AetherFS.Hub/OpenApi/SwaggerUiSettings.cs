using Microsoft.AspNetCore.Builder;
using Swashbuckle.AspNetCore.SwaggerUI;

namespace AetherFS.Hub.OpenApi;

/// <summary>Swagger UI as the hub serves it: its assets come from the Swashbuckle assembly, nothing from a CDN.</summary>
internal static class SwaggerUiSettings
{
    public const string RoutePrefix = "swagger";

    // Swagger UI percent-encodes '/' in every path parameter (whatever allowReserved says), but dataset names and
    // file paths hold literal slashes: /api/v1/datasets/team%2Fgeoip/-/tags would name no dataset. Tags, digests
    // and signatures never hold '%' or '/', and a '%' in a file path is itself encoded as %25, so turning every
    // %2F back into '/' in these paths restores exactly the slashes the user typed.
    private const string LiteralSlashesInterceptor = """
        function (request) {
            var url = new URL(request.url, window.location.href);
            if (url.pathname.indexOf("/api/v1/datasets/") === 0 || url.pathname.indexOf("/fs/") === 0) {
                url.pathname = url.pathname.replace(/%2F/gi, "/");
                request.url = url.href;
            }
            return request;
        }
        """;

    public static void Configure(SwaggerUIOptions options, string documentPath)
    {
        options.RoutePrefix = RoutePrefix;
        options.DocumentTitle = "AetherFS hub API";
        options.SwaggerEndpoint(documentPath, "AetherFS hub API v1");
        // No validator badge: it would send the document to an outside service.
        options.ConfigObject.ValidatorUrl = null;
        options.Interceptors.RequestInterceptorFunction = LiteralSlashesInterceptor;
    }
}
