using System.Buffers;
using AetherFS.Core.References;
using AetherFS.Hub.Configuration;
using AetherFS.Hub.GarbageCollection;
using AetherFS.Hub.Http;
using AetherFS.Hub.Publishing;
using AetherFS.Protocol.Rest;
using AetherFS.Storage.Datasets;
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

    /// <summary>Writes a manifest's bytes with its digest header; shared with the dataset-scoped lookup.</summary>
    public static async Task<IResult> ServeAsync(string digest, DatasetStore datasets, HttpResponse response, CancellationToken cancellationToken)
    {
        var bytes = await datasets.GetManifestAsync(digest, cancellationToken);
        if (bytes is null)
        {
            return ApiProblem.NotFound($"manifest {digest} not found").ToResult();
        }

        response.Headers[ApiPaths.ManifestDigestHeader] = digest;
        response.Headers.ETag = $"\"{digest}\"";
        return Results.Bytes(bytes, ApiPaths.ManifestMediaType);
    }

    private static Task<IResult> GetAsync(string digest, DatasetStore datasets, HttpResponse response, CancellationToken cancellationToken) =>
        Digest.IsValid(digest)
            ? ServeAsync(digest, datasets, response, cancellationToken)
            : Task.FromResult(ApiProblem.BadRequest($"invalid digest '{digest}'").ToResult());

    private static async Task<IResult> PutAsync(string digest, ManifestPublisher publisher, HubOptions options, HttpRequest request, CancellationToken cancellationToken)
    {
        if (!Digest.IsValid(digest))
        {
            return ApiProblem.BadRequest($"invalid digest '{digest}'").ToResult();
        }

        if (!PushIds.TryRead(request, out var pushId))
        {
            return ApiProblem.BadRequest(PushIds.Invalid).ToResult();
        }

        var body = await RequestBody.ReadAsync(request, options.MaxManifestSize, cancellationToken);
        if (body is not { } read)
        {
            return ApiProblem.TooLarge($"manifest is larger than the hub's limit of {options.MaxManifestSize} bytes").ToResult();
        }

        try
        {
            var problem = await publisher.PutManifestAsync(digest, read.Buffer.AsMemory(0, read.Length), cancellationToken, pushId);
            return problem?.ToResult() ?? Results.Created(ApiPaths.Manifest(digest), new PutManifestResponse(digest));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(read.Buffer);
        }
    }
}
