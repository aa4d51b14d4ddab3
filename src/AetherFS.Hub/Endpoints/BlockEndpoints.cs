using System.Buffers;
using AetherFS.Core.Blocks;
using AetherFS.Hub.Configuration;
using AetherFS.Hub.GarbageCollection;
using AetherFS.Hub.Http;
using AetherFS.Protocol.Rest;
using AetherFS.Storage.Blocks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
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
    }

    // A client may skip uploading a block this answers present: it is claimed, so garbage collection keeps it.
    private static async Task<IResult> HeadAsync(string signature, ClaimingBlockQueries blocks, HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        if (!BlockSignature.IsValid(signature))
        {
            return InvalidSignature(signature).ToResult();
        }

        if (!PushIds.TryRead(request, out var pushId))
        {
            return ApiProblem.BadRequest(PushIds.Invalid).ToResult();
        }

        var size = await blocks.SizeAsync(signature, pushId, cancellationToken);
        if (size is null)
        {
            return Results.NotFound();
        }

        response.ContentLength = size;
        response.Headers.AcceptRanges = "bytes";
        return Results.Ok();
    }

    private static async Task GetAsync(string signature, BlockStore blocks, HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        if (!BlockSignature.IsValid(signature))
        {
            await InvalidSignature(signature).ToResult().ExecuteAsync(context);
            return;
        }

        context.Response.Headers.Vary = "Accept";

        if (AcceptsPayload(context.Request))
        {
            await WritePayloadAsync(signature, blocks, context);
            return;
        }

        using var block = await blocks.ReadAsync(signature, cancellationToken);
        if (block is null)
        {
            await ApiProblem.NotFound($"block {signature} not found").ToResult().ExecuteAsync(context);
            return;
        }

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

    private static async Task<IResult> PutAsync(string signature, BlockStore blocks, HubOptions options, HttpRequest request, CancellationToken cancellationToken)
    {
        if (!BlockSignature.IsValid(signature))
        {
            return InvalidSignature(signature).ToResult();
        }

        var encoded = request.ContentType?.StartsWith(BlockPayload.MediaType, StringComparison.OrdinalIgnoreCase) == true;
        var body = await RequestBody.ReadAsync(request, options.MaxBlockSize + (encoded ? BlockPayload.HeaderSize : 0), cancellationToken);
        if (body is not { } read)
        {
            return ApiProblem.TooLarge($"block is larger than the hub's limit of {options.MaxBlockSize} bytes").ToResult();
        }

        try
        {
            if (read.Length == 0)
            {
                return ApiProblem.BadRequest("block is empty").ToResult();
            }

            var data = read.Buffer.AsMemory(0, read.Length);
            var created = encoded
                ? await blocks.PutAsync(signature, data, cancellationToken)
                : await blocks.PutRawAsync(signature, data, cancellationToken);
            return created ? Results.Created(ApiPaths.Block(signature), null) : Results.Ok();
        }
        catch (DigestMismatchException mismatch)
        {
            return ApiProblem.BadRequest($"upload refused, the bytes do not match the signature: {mismatch.Message}").ToResult();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(read.Buffer);
        }
    }

    private static async Task<IResult> MissingAsync(MissingBlocksRequest request, ClaimingBlockQueries blocks, HttpRequest http, CancellationToken cancellationToken)
    {
        if (request.Signatures is null || request.Signatures.Count > MissingBlocksRequest.MaxSignatures)
        {
            return ApiProblem.BadRequest($"give between 0 and {MissingBlocksRequest.MaxSignatures} signatures").ToResult();
        }

        var invalid = request.Signatures.FirstOrDefault(s => !BlockSignature.IsValid(s));
        if (invalid is not null)
        {
            return InvalidSignature(invalid).ToResult();
        }

        if (!PushIds.TryRead(http, out var pushId))
        {
            return ApiProblem.BadRequest(PushIds.Invalid).ToResult();
        }

        var missing = await blocks.FindMissingAsync(request.Signatures, pushId, cancellationToken);
        return Results.Ok(new MissingBlocksResponse(missing));
    }

    private static async Task WritePayloadAsync(string signature, BlockStore blocks, HttpContext context)
    {
        using var payload = await blocks.ReadPayloadAsync(signature, context.RequestAborted);
        if (payload is null)
        {
            await ApiProblem.NotFound($"block {signature} not found").ToResult().ExecuteAsync(context);
            return;
        }

        var response = context.Response;
        response.ContentType = BlockPayload.MediaType;
        response.Headers.ETag = $"\"{signature}\"";
        response.Headers.CacheControl = "public, max-age=31536000, immutable";
        response.ContentLength = payload.Length;
        await response.Body.WriteAsync(payload.Memory, context.RequestAborted);
    }

    private static bool AcceptsPayload(HttpRequest request) =>
        request.Headers.Accept.Any(a => a?.Contains(BlockPayload.MediaType, StringComparison.OrdinalIgnoreCase) == true);

    private static ApiProblem InvalidSignature(string signature) =>
        ApiProblem.BadRequest($"invalid block signature '{signature}': expected 64 lowercase hex characters");
}
