using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace AetherFS.Hub.Http;

/// <summary>
/// Reads a JSON request body where one route takes several body types (the dataset catch-all), with the answers
/// model binding gives: 415 for another media type, 400 for JSON that does not read.
/// </summary>
internal static class JsonBody
{
    /// <param name="optional">An empty body reads as null rather than a problem.</param>
    public static async Task<(T? Value, ApiProblem? Problem)> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> type, CancellationToken cancellationToken, bool optional = false)
        where T : class
    {
        if (optional && request.ContentLength is 0 or null && !request.Headers.ContainsKey("Transfer-Encoding"))
        {
            return (null, null);
        }

        if (!request.HasJsonContentType())
        {
            return (null, new ApiProblem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "send the body as application/json"));
        }

        try
        {
            var value = await JsonSerializer.DeserializeAsync(request.Body, type, cancellationToken);
            return value is null && !optional ? (null, ApiProblem.BadRequest("the request needs a JSON body")) : (value, null);
        }
        catch (JsonException e)
        {
            return (null, ApiProblem.BadRequest($"the JSON body does not read: {e.Message}"));
        }
    }
}
