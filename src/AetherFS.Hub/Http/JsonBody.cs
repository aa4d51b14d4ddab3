using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using AetherFS.Protocol.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using AetherFS.Serving.Streams;

namespace AetherFS.Hub.Http;

/// <summary>
/// Reads a JSON request body of bounded size: 415 for another media type, 400 for JSON that does not read, 413 for a
/// body larger than the endpoint needs (decompressed size; read no further than that, so memory stays bounded).
/// </summary>
internal static class JsonBody
{
    /// <param name="maxBytes">The most the body may hold (see <see cref="Application.HubLimits"/>).</param>
    /// <param name="optional">No body at all reads as null rather than a problem.</param>
    public static async Task<(T? Value, ApiError? Problem)> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> type, int maxBytes, CancellationToken cancellationToken, bool optional = false)
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

        var tooLarge = ApiError.TooLarge($"the JSON body is larger than this endpoint's limit of {maxBytes} bytes");
        if (request.ContentLength > maxBytes && request.Headers.ContentEncoding.Count == 0)
        {
            return (null, tooLarge);
        }

        try
        {
            await using var body = new LimitedReadStream(request.Body, maxBytes, _ => new BodyTooLargeException());
            var value = await JsonSerializer.DeserializeAsync(body, type, cancellationToken);
            return value is null && !optional ? (null, ApiError.Invalid("the request needs a JSON body")) : (value, null);
        }
        catch (BodyTooLargeException)
        {
            return (null, tooLarge);
        }
        catch (JsonException e)
        {
            return (null, ApiError.Invalid($"the JSON body does not read: {e.Message}"));
        }
    }
}
