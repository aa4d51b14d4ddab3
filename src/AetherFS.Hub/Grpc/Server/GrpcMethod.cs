using Google.Protobuf.Reflection;

namespace AetherFS.Hub.Grpc.Server;

/// <summary>
/// One servable method, found by its path <c>/package.Service/Method</c>. Paths come from the generated
/// descriptors, so a method that is not in our .proto files cannot be registered.
/// </summary>
internal abstract class GrpcMethod
{
    protected GrpcMethod(ServiceDescriptor service, string name, GrpcMethodType type)
    {
        var method = service.FindMethodByName(name) ?? throw new ArgumentException($"{service.FullName} has no method {name}");
        var streams = (method.IsClientStreaming, method.IsServerStreaming) switch
        {
            (false, false) => GrpcMethodType.Unary,
            (false, true) => GrpcMethodType.ServerStreaming,
            (true, false) => GrpcMethodType.ClientStreaming,
            _ => GrpcMethodType.DuplexStreaming,
        };
        if (streams != type)
        {
            throw new ArgumentException($"{service.FullName}.{name} is {streams}, not {type}");
        }

        Type = type;
        Path = $"/{service.FullName}/{name}";
    }

    public string Path { get; }

    public GrpcMethodType Type { get; }

    /// <summary>Reads the request message(s), runs the handler and writes the response message(s).</summary>
    public abstract Task InvokeAsync(GrpcServerCall call);
}
