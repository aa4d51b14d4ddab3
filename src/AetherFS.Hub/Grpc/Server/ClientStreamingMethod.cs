using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace AetherFS.Hub.Grpc.Server;

/// <summary>Any number of request messages, read as they arrive; one response.</summary>
internal sealed class ClientStreamingMethod<TRequest, TResponse> : GrpcMethod
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    private readonly MessageParser<TRequest> _parser;
    private readonly Func<IAsyncEnumerable<TRequest>, GrpcServerCall, Task<TResponse>> _handler;

    public ClientStreamingMethod(ServiceDescriptor service, string name, MessageParser<TRequest> parser, Func<IAsyncEnumerable<TRequest>, GrpcServerCall, Task<TResponse>> handler)
        : base(service, name, GrpcMethodType.ClientStreaming)
    {
        _parser = parser;
        _handler = handler;
    }

    public override async Task InvokeAsync(GrpcServerCall call)
    {
        var response = await _handler(call.ReadAllAsync(_parser), call);
        await call.WriteAsync(response, flush: false);
    }
}
