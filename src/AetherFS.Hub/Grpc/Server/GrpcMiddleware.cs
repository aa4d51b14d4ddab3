using AetherFS.Protocol.Grpc;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.Extensions.Logging;

namespace AetherFS.Hub.Grpc.Server;

/// <summary>
/// Serves gRPC over HTTP/2 beside the hub's HTTP endpoints: requests whose content type is
/// <c>application/grpc</c> are dispatched by path to a <see cref="GrpcMethod"/>; everything else passes on.
/// It owns the protocol's obligations: status in trailers (or trailers-only), deadlines from
/// <c>grpc-timeout</c>, message size limits, message compression and cancellation when the client leaves.
/// </summary>
internal sealed partial class GrpcMiddleware
{
    private readonly RequestDelegate _next;
    private readonly GrpcServiceRegistry _registry;
    private readonly GrpcServerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<GrpcMiddleware> _logger;

    public GrpcMiddleware(RequestDelegate next, GrpcServiceRegistry registry, GrpcServerOptions options, TimeProvider time, ILogger<GrpcMiddleware> logger)
    {
        _next = next;
        _registry = registry;
        _options = options;
        _time = time;
        _logger = logger;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!GrpcProtocol.IsGrpcContentType(request.ContentType))
        {
            await _next(context);
            return;
        }

        if (!HttpProtocol.IsHttp2(request.Protocol))
        {
            // gRPC needs HTTP/2 trailers; say so plainly to an HTTP/1.1 client.
            context.Response.StatusCode = StatusCodes.Status426UpgradeRequired;
            context.Response.Headers.Upgrade = "h2c";
            context.Response.Headers.Connection = "Upgrade";
            await context.Response.WriteAsync("gRPC requires HTTP/2 (cleartext prior knowledge, or TLS with ALPN h2)\n");
            return;
        }

        if (!HttpMethods.IsPost(request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            context.Response.Headers.Allow = "POST";
            return;
        }

        var response = context.Response;
        response.ContentType = GrpcProtocol.ContentType;
        response.Headers[GrpcProtocol.AcceptEncodingHeader] = GrpcMessageEncoding.Accepted;

        var encoding = request.Headers[GrpcProtocol.EncodingHeader].ToString();
        var method = _registry.Find(request.Path.Value ?? string.Empty);
        if (method is null)
        {
            Finish(context, false, new GrpcException(GrpcStatusCode.Unimplemented, $"unknown method {request.Path}"));
            return;
        }

        if (encoding.Length > 0 && !GrpcMessageEncoding.IsSupported(encoding))
        {
            Finish(context, false, new GrpcException(GrpcStatusCode.Unimplemented, $"grpc-encoding '{encoding}' is not supported (supported: {GrpcMessageEncoding.Accepted})"));
            return;
        }

        var timeoutHeader = request.Headers[GrpcProtocol.TimeoutHeader].ToString();
        TimeSpan? timeout = null;
        if (timeoutHeader.Length > 0)
        {
            if (!GrpcTimeout.TryParse(timeoutHeader, out var parsed))
            {
                Finish(context, false, new GrpcException(GrpcStatusCode.InvalidArgument, $"malformed grpc-timeout '{timeoutHeader}'"));
                return;
            }

            timeout = parsed;
        }

        if (method.Type is GrpcMethodType.ClientStreaming or GrpcMethodType.DuplexStreaming)
        {
            // Streams may idle (a subscriber, a slow producer) and their size is bounded per message, not per body.
            if (context.Features.Get<IHttpMinRequestBodyDataRateFeature>() is { } rate)
            {
                rate.MinDataRate = null;
            }

            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            {
                size.MaxRequestBodySize = null;
            }
        }

        using var deadline = new CancellationTokenSource(GrpcTimeout.TimerDelay(timeout), _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, deadline.Token);
        var call = new GrpcServerCall(context, _options.MaxMessageSize, encoding.Length == 0 ? null : encoding, linked.Token);
        GrpcException? failure = null;
        try
        {
            await method.InvokeAsync(call);
        }
        catch (Exception) when (context.RequestAborted.IsCancellationRequested)
        {
            Log.ClientLeft(_logger, method.Path);
            return;
        }
        catch (Exception) when (deadline.IsCancellationRequested)
        {
            failure = new GrpcException(GrpcStatusCode.DeadlineExceeded, $"deadline of {timeoutHeader} exceeded");
        }
        catch (Exception e)
        {
            failure = GrpcErrors.Map(e);
            if (failure is null)
            {
                Log.HandlerFailed(_logger, method.Path, e);
                failure = new GrpcException(GrpcStatusCode.Unknown, "the hub failed to handle the call; its log has the details");
            }
        }

        Finish(context, call.HasWrittenMessages, failure);
    }

    // The status goes in trailers after messages, or alone in the headers (trailers-only) when there were none.
    private static void Finish(HttpContext context, bool hasMessages, GrpcException? failure)
    {
        var status = ((int)(failure?.Status ?? GrpcStatusCode.OK)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var message = failure is null ? null : GrpcStatusMessage.Encode(failure.Detail);
        if (hasMessages)
        {
            context.Response.AppendTrailer(GrpcProtocol.StatusHeader, status);
            if (message is not null)
            {
                context.Response.AppendTrailer(GrpcProtocol.MessageHeader, message);
            }
        }
        else
        {
            context.Response.Headers[GrpcProtocol.StatusHeader] = status;
            if (message is not null)
            {
                context.Response.Headers[GrpcProtocol.MessageHeader] = message;
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "gRPC call {Method} ended: the client cancelled or went away")]
        public static partial void ClientLeft(ILogger logger, string method);

        [LoggerMessage(2, LogLevel.Error, "gRPC call {Method} failed")]
        public static partial void HandlerFailed(ILogger logger, string method, Exception exception);
    }
}
