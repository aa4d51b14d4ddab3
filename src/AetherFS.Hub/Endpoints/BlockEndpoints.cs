using AetherFS.Serving.Http;
using AetherFS.Core.Blocks;
using AetherFS.Hub.Application;
using AetherFS.Hub.Http;
using AetherFS.Protocol.Rest;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;

namespace AetherFS.Hub.Endpoints;

/// <summary>
/// <c>/api/v1/blocks</c>: HEAD, GET and PUT of one block, and the batch question "which of these are missing".
/// Clients that send or accept <c>application/vnd.aetherfs.block</c> move encoded (compressed) payloads; any
/// other client moves raw bytes, with a single Range on GET. Blocks are verified on the way in and on the way out.
/// </summary>
internal static class BlockEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapMethods(ApiPaths.Blocks + "/{signature}", ["HEAD"], HeadAsync);
        app.MapGet(ApiPaths.Blocks + "/{signature}", GetAsync);
        app.MapPut(ApiPaths.Blocks + "/{signature}", PutAsync);
        app.MapPost(ApiPaths.MissingBlocks, MissingAsync);
        app.MapPost(ApiPaths.FetchBlocks, FetchAsync);
        app.MapPut(ApiPaths.Packs + "/{id}", PutPackAsync);
    }

    // A client may skip uploading a block this answers present: it is claimed, so garbage collection keeps it.
    private static async Task<IResult> HeadAsync(string signature, BlockService blocks, HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        var size = await blocks.LookupAsync(signature, request.Headers[ApiPaths.PushIdHeader], cancellationToken);
        if (size.Error is { Kind: Protocol.Errors.ErrorKind.NotFound })
        {
            // HEAD answers carry no body: the status says it all.
            return Results.NotFound();
        }

        return size.ToResult(length =>
        {
            response.ContentLength = length;
            response.Headers.AcceptRanges = "bytes";
            return Results.Ok();
        });
    }

    private static async Task GetAsync(string signature, BlockService blocks, HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        context.Response.Headers.Vary = "Accept";
        if (AcceptsPayload(context.Request))
        {
            await WritePayloadAsync(signature, blocks, context);
            return;
        }

        var read = await blocks.ReadAsync(signature, cancellationToken);
        if (!read.Succeeded)
        {
            await read.Error.ToResult().ExecuteAsync(context);
            return;
        }

        using var block = read.Value;
        var response = context.Response;
        response.ContentType = "application/octet-stream";
        response.Headers.AcceptRanges = "bytes";
        response.Headers.ETag = $"\"{signature}\"";
        response.Headers.CacheControl = "public, max-age=31536000, immutable";

        var data = block.Memory;
        var range = context.Request.GetTypedHeaders().Range;
        if (range is { Unit.Value: "bytes", Ranges.Count: 1 })
        {
            var (from, to) = (range.Ranges.First().From, range.Ranges.First().To);
            long start = from ?? Math.Max(0, data.Length - (to ?? 0));
            long end = from is null ? data.Length - 1 : Math.Min(to ?? (data.Length - 1), data.Length - 1);
            if (start >= data.Length || end < start)
            {
                response.StatusCode = StatusCodes.Status416RangeNotSatisfiable;
                response.Headers.ContentRange = $"bytes */{data.Length}";
                return;
            }

            response.StatusCode = StatusCodes.Status206PartialContent;
            response.Headers.ContentRange = new ContentRangeHeaderValue(start, end, data.Length).ToString();
            data = data.Slice((int)start, (int)(end - start + 1));
        }

        response.ContentLength = data.Length;
        await response.Body.WriteAsync(data, cancellationToken);
    }

    private static async Task<IResult> PutAsync(string signature, BlockService blocks, HttpRequest request, CancellationToken cancellationToken)
    {
        if (Inputs.Signature(signature) is { } invalid)
        {
            return invalid.ToResult();
        }

        var encoded = request.ContentType?.StartsWith(BlockPayload.MediaType, StringComparison.OrdinalIgnoreCase) == true;
        using var body = await RequestBody.ReadAsync(request, blocks.MaxBlockSize + (encoded ? BlockPayload.HeaderSize : 0), cancellationToken);
        return body is null
            ? blocks.TooLarge().ToResult()
            : (await blocks.PutAsync(signature, body.Memory, encoded, request.Headers[ApiPaths.PushIdHeader], cancellationToken))
                .ToResult(stored => stored.Created ? Results.Created(ApiPaths.Block(signature), null) : Results.Ok());
    }

    private static async Task<IResult> MissingAsync(BlockService blocks, HttpRequest http, CancellationToken cancellationToken)
    {
        var (request, error) = await JsonBody.ReadAsync(http, ProtocolJsonContext.Default.MissingBlocksRequest, HubLimits.MaxSignatureListBody, cancellationToken);
        return error is not null
            ? error.ToResult()
            : (await blocks.FindMissingAsync(request!.Signatures ?? [], http.Headers[ApiPaths.PushIdHeader], cancellationToken))
                .ToResult(missing => Results.Ok(new MissingBlocksResponse(missing)));
    }

    // A pack streams through to a spool file as it is verified: its size is bounded by the pack format, not by memory.
    private static async Task<IResult> PutPackAsync(string id, BlockService blocks, HttpContext context)
    {
        if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = Core.Packs.PackFormat.MaxPackSize;
        }

        var stored = await blocks.PutPackAsync(id, context.Request.Body, context.Request.Headers[ApiPaths.PushIdHeader], context.RequestAborted);
        return stored.ToResult(pack => Results.Ok(new PutPackResponse(pack.Id, pack.Size, pack.Chunks.Count)));
    }

    // Checked whole before a byte is sent (404 names what is missing); then records stream as packs are read.
    private static async Task FetchAsync(BlockService blocks, HttpContext context)
    {
        var (request, error) = await JsonBody.ReadAsync(context.Request, ProtocolJsonContext.Default.FetchBlocksRequest, HubLimits.MaxSignatureListBody, context.RequestAborted);
        if (error is not null)
        {
            await error.ToResult().ExecuteAsync(context);
            return;
        }

        var signatures = request!.Signatures ?? [];
        var access = context.RequestServices.GetRequiredService<Security.AccessCheck>();
        foreach (var signature in signatures)
        {
            // Each block through a dataset the caller may read, as GET of one block would check.
            var verdict = await access.DecideAsync(Security.Caller.Of(context), Security.RequiredAccess.Block(signature), context.RequestAborted);
            if (verdict != Security.AccessVerdict.Allowed)
            {
                await Security.AccessResponses.DeniedAsync(context, verdict);
                return;
            }
        }

        var check = await blocks.CheckFetchAsync(signatures, context.RequestAborted);
        if (!check.Succeeded)
        {
            await check.Error.ToResult().ExecuteAsync(context);
            return;
        }

        var deltas = await DeltasForAsync(request, blocks, access, context);
        var response = context.Response;
        response.ContentType = FetchBlocksRequest.MediaType;
        var header = new byte[Core.Packs.PackFormat.RecordHeaderSize];
        var missing = await blocks.FetchAsync(
            signatures,
            deltas,
            async (signature, payload) =>
            {
                Core.Packs.PackFormat.WriteRecordHeader(header, Sha256Key.Parse(signature), payload.Length);
                await response.Body.WriteAsync(header, context.RequestAborted);
                await response.Body.WriteAsync(payload, context.RequestAborted);
            },
            context.RequestAborted);
        if (missing.Count > 0)
        {
            // Gone since the check (collected meanwhile): end the response as failed, not as a short success.
            context.Abort();
        }
    }

    // Deltas only against a version the caller may read, exactly as if it asked for that manifest; anything else
    // (no have, a version it may not read, one this hub lacks) is not an error, only full payloads.
    private static async Task<Core.Deltas.DeltaBaseFinder?> DeltasForAsync(FetchBlocksRequest request, BlockService blocks, Security.AccessCheck access, HttpContext context)
    {
        if (request.Have is not { } have || request.Version is not { } version || Inputs.Digest(have) is not null || Inputs.Digest(version) is not null)
        {
            return null;
        }

        foreach (var digest in new[] { have, version })
        {
            if (await access.DecideAsync(Security.Caller.Of(context), Security.RequiredAccess.Manifest(digest), context.RequestAborted) != Security.AccessVerdict.Allowed)
            {
                return null;
            }
        }

        return await blocks.PlanDeltasAsync(have, version, context.RequestAborted);
    }

    private static async Task WritePayloadAsync(string signature, BlockService blocks, HttpContext context)
    {
        var read = await blocks.ReadPayloadAsync(signature, context.RequestAborted);
        if (!read.Succeeded)
        {
            await read.Error.ToResult().ExecuteAsync(context);
            return;
        }

        using var payload = read.Value;
        var response = context.Response;
        response.ContentType = BlockPayload.MediaType;
        response.Headers.ETag = $"\"{signature}\"";
        response.Headers.CacheControl = "public, max-age=31536000, immutable";
        response.ContentLength = payload.Length;
        await response.Body.WriteAsync(payload.Memory, context.RequestAborted);
    }

    /// <summary>Whether the client takes stored payloads (compressed, as it caches them) rather than raw bytes.</summary>
    public static bool AcceptsPayload(HttpRequest request) =>
        request.Headers.Accept.Any(a => a?.Contains(BlockPayload.MediaType, StringComparison.OrdinalIgnoreCase) == true);
}
