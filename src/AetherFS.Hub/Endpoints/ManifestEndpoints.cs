using AetherFS.Serving.Http;
using AetherFS.Core.Blocks;
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
        app.MapMethods(ApiPaths.Manifests + "/{digest}", ["GET", "HEAD"], ServeAsync);
        app.MapPut(ApiPaths.Manifests + "/{digest}", PutAsync);
        app.MapGet(ApiPaths.Manifests + "/{digest}/transfer", TransferAsync);
    }

    // The route's own manifest is checked by the access rules; the one named in the query is checked here, alike.
    private static async Task TransferAsync(string digest, string? from, TransferCalculator calculator, Security.AccessCheck access, HttpContext context)
    {
        if (from is not null && Inputs.Digest(from) is null)
        {
            var verdict = await access.DecideAsync(Security.Caller.Of(context), Security.RequiredAccess.Manifest(from), context.RequestAborted);
            if (verdict != Security.AccessVerdict.Allowed)
            {
                await Security.AccessResponses.DeniedAsync(context, verdict);
                return;
            }
        }

        var report = await calculator.ComputeAsync(digest, from, context.RequestAborted);
        await report.ToResult(r => Results.Ok(r)).ExecuteAsync(context);
    }

    /// <summary>
    /// A manifest with its digest header, shared with the dataset-scoped lookup: its canonical JSON (compressed on the
    /// wire when the client accepts br or gzip), or, for a client that accepts <see cref="BlockPayload.MediaType"/>,
    /// the zstd payload it is stored as, sent as stored (the client decodes and verifies it; the hub spends no CPU on
    /// compression).
    /// </summary>
    public static async Task<IResult> ServeAsync(string digest, DatasetQueries datasets, HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        var payload = BlockEndpoints.AcceptsPayload(request);
        var found = payload
            ? await datasets.FindManifestPayloadAsync(digest, cancellationToken)
            : await datasets.FindManifestAsync(digest, cancellationToken);
        return found.ToResult(bytes =>
        {
            response.Headers[ApiPaths.ManifestDigestHeader] = digest;
            response.Headers.ETag = $"\"{digest}\"";
            response.Headers.Vary = "Accept";
            if (HttpMethods.IsGet(request.Method))
            {
                Telemetry.HubMetrics.ManifestFetched(bytes.Length);
            }

            return Results.Bytes(bytes, payload ? BlockPayload.MediaType : ApiPaths.ManifestMediaType);
        });
    }

    private static async Task<IResult> PutAsync(string digest, ManifestPublisher publisher, HubOptions options, HttpRequest request, CancellationToken cancellationToken)
    {
        if (Inputs.Digest(digest) is { } invalid)
        {
            return invalid.ToResult();
        }

        using var body = await RequestBody.ReadAsync(request, options.MaxManifestSize, cancellationToken);
        return body is null
            ? HubLimits.ManifestTooLarge(options.MaxManifestSize).ToResult()
            : (await publisher.PutManifestAsync(digest, body.Memory, request.Headers[ApiPaths.PushIdHeader], cancellationToken))
                .ToResult(stored => Results.Created(ApiPaths.Manifest(stored), new PutManifestResponse(stored)));
    }
}
