using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace AetherFS.Hub.Grpc.Server;

/// <summary>Request and response messages both stream; the handler answers as requests arrive.</summary>
internal sealed class DuplexStreamingMethod<TRequest> : GrpcMethod
    where TRequest : class, IMessage<TRequest>
{
    private readonly MessageParser<TRequest> _parser;
    private readonly Func<IAsyncEnumerable<TRequest>, GrpcServerCall, Task> _handler;

    public DuplexStreamingMethod(ServiceDescriptor service, string name, MessageParser<TRequest> parser, Func<IAsyncEnumerable<TRequest>, GrpcServerCall, Task> handler)
        : base(service, name, GrpcMethodType.DuplexStreaming)
    {
        _parser = parser;
        _handler = handler;
    }

    public override Task InvokeAsync(GrpcServerCall call) => _handler(call.ReadAllAsync(_parser), call);
}
