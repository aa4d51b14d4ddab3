using System.Buffers;
using AetherFS.Hub.Application;
using AetherFS.Hub.Configuration;
using AetherFS.Hub.Http;
using AetherFS.Protocol.Rest;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AetherFS.Hub.Endpoints;

/// <summary><c>/api/v1/manifests/{digest}</c>: content-addressed manifests, uploaded before any tag names them.</summary>
internal static class ManifestEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapMethods(ApiPaths.Manifests + "/{digest}", ["GET", "HEAD"], GetAsync);
        app.MapPut(ApiPaths.Manifests + "/{digest}", PutAsync);
    }

    /// <summary>A manifest's bytes with its digest header; shared with the dataset-scoped lookup.</summary>
    public static IResult Serve(string digest, byte[] bytes, HttpResponse response)
    {
        response.Headers[ApiPaths.ManifestDigestHeader] = digest;
        response.Headers.ETag = $"\"{digest}\"";
        return Results.Bytes(bytes, ApiPaths.ManifestMediaType);
    }

    private static async Task<IResult> GetAsync(string digest, DatasetQueries datasets, HttpResponse response, CancellationToken cancellationToken) =>
        (await datasets.FindManifestAsync(digest, cancellationToken)).ToResult(bytes => Serve(digest, bytes, response));

    private static async Task<IResult> PutAsync(string digest, ManifestPublisher publisher, HubOptions options, HttpRequest request, CancellationToken cancellationToken)
    {
        if (Inputs.Digest(digest) is { } invalid)
        {
            return invalid.ToResult();
        }

        var body = await RequestBody.ReadAsync(request, options.MaxManifestSize, cancellationToken);
        if (body is not { } read)
        {
            return HubLimits.ManifestTooLarge(options.MaxManifestSize).ToResult();
        }

        try
        {
            return (await publisher.PutManifestAsync(digest, read.Buffer.AsMemory(0, read.Length), request.Headers[ApiPaths.PushIdHeader], cancellationToken))
                .ToResult(stored => Results.Created(ApiPaths.Manifest(stored), new PutManifestResponse(stored)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(read.Buffer);
        }
    }
}
