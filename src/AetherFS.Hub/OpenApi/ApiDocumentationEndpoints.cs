using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace AetherFS.Hub.OpenApi;

/// <summary>
/// <c>/openapi/v1.json</c>: the OpenAPI 3.1 document of the REST API and the file server; <c>/swagger/</c>: Swagger
/// UI on that document, served from the hub itself so it works offline.
/// </summary>
internal static class ApiDocumentationEndpoints
{
    public const string DocumentPath = "/openapi/v1.json";

    public static void Map(WebApplication app)
    {
        var document = ApiDocument.Load();
        app.MapMethods(DocumentPath, ["GET", "HEAD"], (HttpResponse response) =>
        {
            // Revalidate on each visit (the ETag makes that cheap), so an upgraded hub is seen at once.
            response.Headers.CacheControl = "no-cache";
            return Results.Bytes(document.Json, "application/json; charset=utf-8", entityTag: document.ETag);
        });
        app.UseSwaggerUI(options => SwaggerUiSettings.Configure(options, DocumentPath));
    }
}
