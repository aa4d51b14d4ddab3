using System.Buffers;
using System.Text.Json;
using AetherFS.Agent.Configuration;
using AetherFS.Client.Hub;
using AetherFS.Client.Peers;
using AetherFS.Core.Blocks;
using AetherFS.Core.Manifests;
using AetherFS.Protocol.Rest;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AetherFS.Agent.Peers;

/// <summary>
/// <c>POST /peer/v1/blocks</c>: a peer's batch, answered with the records of the blocks this agent holds, and of those
/// it fetches from the hub for the cluster (it is their owner or backup), in the hub's batch format. It never asks
/// another peer. 401 without the cluster token; 421 to this agent itself; 503 unless it serves peers.
/// </summary>
internal static partial class PeerEndpoints
{
    public static void Map(IEndpointRouteBuilder app) => app.MapPost(PeerProtocol.BlocksPath, ServeAsync);

    private static async Task ServeAsync(HttpContext context, AgentRuntime runtime, ILoggerFactory loggers)
    {
        if (runtime.Peers is not { } membership)
        {
            await NotServingAsync(context);
            return;
        }

        if (!context.RequestServices.GetRequiredService<PeerToken>().Matches(context.Request.Headers.Authorization))
        {
            await Results.Problem("a peer request needs the cluster token", statusCode: StatusCodes.Status401Unauthorized).ExecuteAsync(context);
            return;
        }

        // Before the mode: a fetch-only agent learns its own address too, and leaves itself out of every placement.
        if (context.Request.Headers[PeerProtocol.PeerIdHeader] == runtime.PeerId)
        {
            context.Response.StatusCode = StatusCodes.Status421MisdirectedRequest;
            return;
        }

        if (runtime.PeerMode != PeerMode.Serve)
        {
            await NotServingAsync(context);
            return;
        }

        var (blocks, cachedOnly, error) = await ReadAsync(context.Request, context.RequestAborted);
        if (blocks is null)
        {
            await Results.Problem(error, statusCode: StatusCodes.Status400BadRequest).ExecuteAsync(context);
            return;
        }

        var response = context.Response;
        response.ContentType = FetchBlocksRequest.MediaType;
        await response.StartAsync(context.RequestAborted);
        var header = new byte[Core.Packs.PackFormat.RecordHeaderSize];
        var metrics = AetherFS.Serving.Telemetry.ServingMetrics.For(Telemetry.AgentTelemetry.Setup);
        try
        {
            await runtime.Fetcher.ServePeerAsync(
                blocks,
                cachedOnly ? static _ => false : membership.Holds,
                async (block, payload) =>
                {
                    Core.Packs.PackFormat.WriteRecordHeader(header, Sha256Key.Parse(block.Signature), payload.Length);
                    await response.Body.WriteAsync(header, context.RequestAborted);
                    await response.Body.WriteAsync(payload, context.RequestAborted);
                    metrics.Served("block", payload.Length);
                },
                context.RequestAborted);
        }
        catch (Exception e) when (e is HubUnavailableException or HubException or HttpIOException && !context.RequestAborted.IsCancellationRequested)
        {
            // The records sent are whole and verified; the peer takes the rest from the hub itself.
            Log.HubFailed(loggers.CreateLogger("AetherFS.Agent.Peers"), e.Message);
        }
    }

    private static Task NotServingAsync(HttpContext context) =>
        Results.Problem("this agent does not serve peers (--peer-mode)", statusCode: StatusCodes.Status503ServiceUnavailable).ExecuteAsync(context);

    // Bounded: a body over the limit is refused before it is parsed; every signature and size is checked.
    private static async Task<(List<BlockRef>? Blocks, bool CachedOnly, string? Error)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(PeerProtocol.MaxRequestBytes + 1);
        try
        {
            var length = await request.Body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
            if (length > PeerProtocol.MaxRequestBytes)
            {
                return (null, false, $"a peer request is at most {PeerProtocol.MaxRequestBytes} bytes");
            }

            PeerBlocksRequest? parsed;
            try
            {
                parsed = JsonSerializer.Deserialize(buffer.AsSpan(0, length), PeerServerJsonContext.Default.PeerBlocksRequest);
            }
            catch (JsonException e)
            {
                return (null, false, $"invalid peer request: {e.Message}");
            }

            if (parsed?.Blocks is not { Count: > 0 and <= PeerProtocol.MaxBlocks } list)
            {
                return (null, false, $"ask for 1 to {PeerProtocol.MaxBlocks} blocks at once");
            }

            var blocks = new List<BlockRef>(list.Count);
            foreach (var block in list)
            {
                if (block?.Signature is not { Length: 64 } signature || !Sha256Key.TryParse(signature, out var key) || key.ToString() != signature
                    || block.Size is < 1 or > ChunkingParameters.MaxBlockSize)
                {
                    return (null, false, "every block needs a SHA-256 signature (64 lowercase hex digits) and a size within a block's");
                }

                blocks.Add(new BlockRef(signature, block.Size));
            }

            return (blocks, parsed.CachedOnly, null);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "A peer's blocks could not be fetched from the hub; it fetches them itself: {Error}")]
        public static partial void HubFailed(ILogger logger, string error);
    }
}
