using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace AetherFS.Hub.Grpc.Server;

/// <summary>One request message, one response message.</summary>
internal sealed class UnaryMethod<TRequest, TResponse> : GrpcMethod
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    private readonly MessageParser<TRequest> _parser;
    private readonly Func<TRequest, GrpcServerCall, Task<TResponse>> _handler;

    public UnaryMethod(ServiceDescriptor service, string name, MessageParser<TRequest> parser, Func<TRequest, GrpcServerCall, Task<TResponse>> handler)
        : base(service, name, GrpcMethodType.Unary)
    {
        _parser = parser;
        _handler = handler;
    }

    public override async Task InvokeAsync(GrpcServerCall call)
    {
        var request = await call.ReadSingleAsync(_parser);
        var response = await _handler(request, call);
        await call.WriteAsync(response, flush: false);
    }
}
