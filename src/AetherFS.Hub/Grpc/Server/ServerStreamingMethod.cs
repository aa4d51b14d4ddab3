using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace AetherFS.Hub.Grpc.Server;

/// <summary>One request message; the handler writes any number of responses through the call.</summary>
internal sealed class ServerStreamingMethod<TRequest> : GrpcMethod
    where TRequest : class, IMessage<TRequest>
{
    private readonly MessageParser<TRequest> _parser;
    private readonly Func<TRequest, GrpcServerCall, Task> _handler;

    public ServerStreamingMethod(ServiceDescriptor service, string name, MessageParser<TRequest> parser, Func<TRequest, GrpcServerCall, Task> handler)
        : base(service, name, GrpcMethodType.ServerStreaming)
    {
        _parser = parser;
        _handler = handler;
    }

    public override async Task InvokeAsync(GrpcServerCall call)
    {
        var request = await call.ReadSingleAsync(_parser);
        await _handler(request, call);
    }
}
