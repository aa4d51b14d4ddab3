using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using AetherFS.Protocol.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace AetherFS.Hub.Http;

/// <summary>
/// Reads a JSON request body where one route takes several body types (the dataset catch-all) or the body is
/// optional, with the answers model binding gives: 415 for another media type, 400 for JSON that does not read.
/// </summary>
internal static class JsonBody
{
    /// <param name="optional">No body at all reads as null rather than a problem.</param>
    public static async Task<(T? Value, ApiError? Problem)> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> type, CancellationToken cancellationToken, bool optional = false)
        where T : class
    {
        // Whether a body follows at all, whatever the HTTP version (HTTP/2 sends no Content-Length or chunking).
        var canHaveBody = request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? true;
        if (optional && (!canHaveBody || (request.ContentLength == 0 && request.ContentType is null)))
        {
            return (null, null);
        }

        if (!request.HasJsonContentType())
        {
            return (null, new ApiError(ErrorKind.UnsupportedMediaType, "send the body as application/json"));
        }

        try
        {
            var value = await JsonSerializer.DeserializeAsync(request.Body, type, cancellationToken);
            return value is null && !optional ? (null, ApiError.Invalid("the request needs a JSON body")) : (value, null);
        }
        catch (JsonException e)
        {
            return (null, ApiError.Invalid($"the JSON body does not read: {e.Message}"));
        }
    }
}
