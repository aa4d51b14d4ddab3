using AetherFS.Serving.Http;
using AetherFS.Core.Blocks;
using AetherFS.Core.Manifests;
using AetherFS.Protocol.Errors;
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
    /// compression), or a delta against the manifest the client names in <see cref="ApiPaths.HaveManifestHeader"/>
    /// when it may read that one and the delta is shorter (<see cref="Deltas.ManifestDeltas"/>).
    /// </summary>
    public static async Task<IResult> ServeAsync(string digest, DatasetQueries datasets, Deltas.ManifestDeltas deltas, HttpContext context, CancellationToken cancellationToken)
    {
        var (request, response) = (context.Request, context.Response);
        var payload = BlockEndpoints.AcceptsPayload(request);
        var found = payload
            ? await datasets.FindManifestPayloadAsync(digest, cancellationToken)
            : await datasets.FindManifestAsync(digest, cancellationToken);
        if (found.Succeeded && payload && HttpMethods.IsGet(request.Method)
            && await deltas.FindAsync(digest, request.Headers[ApiPaths.HaveManifestHeader].FirstOrDefault(), Security.Caller.Of(context), found.Value, cancellationToken) is { } delta)
        {
            found = delta;
        }

        return found.ToResult(bytes =>
        {
            response.Headers[ApiPaths.ManifestDigestHeader] = digest;
            response.Headers.ETag = $"\"{digest}\"";
            response.Headers.Vary = $"Accept, {ApiPaths.HaveManifestHeader}";
            if (HttpMethods.IsGet(request.Method))
            {
                Telemetry.HubMetrics.ManifestFetched(bytes.Length);
            }

            return Results.Bytes(bytes, payload ? BlockPayload.MediaType : ApiPaths.ManifestMediaType);
        });
    }

    // Canonical JSON (any content encoding), or, sent as a block payload, the manifest compressed or as a delta against
    // one this hub holds: decoded and verified here, then published as any manifest (the full payload is stored).
    private static async Task<IResult> PutAsync(string digest, ManifestPublisher publisher, Deltas.ManifestDeltas deltas, HubOptions options, HttpContext context, CancellationToken cancellationToken)
    {
        if (Inputs.Digest(digest) is { } invalid)
        {
            return invalid.ToResult();
        }

        var request = context.Request;
        using var body = await RequestBody.ReadAsync(request, options.MaxManifestSize, cancellationToken);
        if (body is null)
        {
            return HubLimits.ManifestTooLarge(options.MaxManifestSize).ToResult();
        }

        var bytes = body.Memory;
        string? uploadedAgainst = null;
        if (request.ContentType == BlockPayload.MediaType)
        {
            uploadedAgainst = ManifestDelta.IsDelta(bytes.Span) ? BaseOfOrNull(digest, bytes) : null;
            var decoded = await DecodeAsync(digest, bytes, deltas, options, context, cancellationToken);
            if (!decoded.Succeeded)
            {
                return decoded.Error.ToResult();
            }

            bytes = decoded.Value;
        }

        return (await publisher.PutManifestAsync(digest, bytes, request.Headers[ApiPaths.PushIdHeader], cancellationToken, uploadedAgainst))
            .ToResult(stored => Results.Created(ApiPaths.Manifest(stored), new PutManifestResponse(stored)));
    }

    // The manifest a delta upload names as its base; a malformed one is refused by the decode that follows.
    private static string? BaseOfOrNull(string digest, ReadOnlyMemory<byte> payload)
    {
        try
        {
            return ManifestDelta.BaseOf(payload.Span, digest).Digest;
        }
        catch (DigestMismatchException)
        {
            return null;
        }
    }

    private static async Task<Outcome<byte[]>> DecodeAsync(string digest, ReadOnlyMemory<byte> payload, Deltas.ManifestDeltas deltas, HubOptions options, HttpContext context, CancellationToken cancellationToken)
    {
        if (ManifestDelta.IsDelta(payload.Span))
        {
            return await deltas.DecodeAsync(digest, payload, Security.Caller.Of(context), cancellationToken);
        }

        try
        {
            using var manifest = BlockPayload.Decode(payload.Span, Core.References.Digest.HexPart(digest), maxRawLength: options.MaxManifestSize);
            return manifest.Memory.ToArray();
        }
        catch (DigestMismatchException e)
        {
            return ApiError.Invalid($"manifest {digest} was sent as a payload that does not decode to it: {e.Message}");
        }
    }
}
