using AetherFS.Serving.Grpc;
using AetherFS.Hub.Application;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace AetherFS.Hub.Grpc;

/// <summary>
/// Answers the exceptions that mean an expected failure (corrupt stored data, a storage outage, a malformed
/// manifest) with their status, as the REST problem middleware does; anything else is a bug, which grpc-dotnet
/// answers UNKNOWN and logs.
/// </summary>
internal sealed class GrpcErrorInterceptor : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception e) when (ExceptionErrors.From(e) is { } error)
        {
            throw error.ToRpcException();
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context);
        }
        catch (Exception e) when (ExceptionErrors.From(e) is { } error)
        {
            throw error.ToRpcException();
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception e) when (ExceptionErrors.From(e) is { } error)
        {
            throw error.ToRpcException();
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        catch (Exception e) when (ExceptionErrors.From(e) is { } error)
        {
            throw error.ToRpcException();
        }
    }
}
