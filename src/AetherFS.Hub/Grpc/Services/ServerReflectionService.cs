using AetherFS.Hub.Grpc.Server;
using AetherFS.Protocol.Reflection.V1;
using Google.Protobuf.Reflection;
using V1Alpha = AetherFS.Protocol.Reflection.V1Alpha;

namespace AetherFS.Hub.Grpc.Services;

/// <summary>
/// gRPC server reflection (<c>grpc.reflection.v1</c> and the older <c>v1alpha</c> that many tools still use;
/// their messages are identical on the wire): lists the hub's services and returns the .proto file
/// descriptors that define them, so tools like grpcurl can call the hub without our .proto files.
/// </summary>
internal sealed class ServerReflectionService : IGrpcService
{
    private readonly GrpcServiceRegistry _registry;
    private readonly Lazy<ReflectionIndex> _index;

    public ServerReflectionService(GrpcServiceRegistry registry)
    {
        _registry = registry;
        _index = new Lazy<ReflectionIndex>(() => new ReflectionIndex(_registry.Services));
    }

    private static ServiceDescriptor V1Service => ReflectionReflection.Descriptor.Services[0];

    private static ServiceDescriptor V1AlphaService => V1Alpha.ReflectionReflection.Descriptor.Services[0];

    public IReadOnlyList<ServiceDescriptor> Descriptors => [V1Service, V1AlphaService];

    public IEnumerable<GrpcMethod> Methods =>
    [
        new DuplexStreamingMethod<ServerReflectionRequest>(V1Service, "ServerReflectionInfo", ServerReflectionRequest.Parser, AnswerAsync),
        new DuplexStreamingMethod<ServerReflectionRequest>(V1AlphaService, "ServerReflectionInfo", ServerReflectionRequest.Parser, AnswerAsync),
    ];

    private async Task AnswerAsync(IAsyncEnumerable<ServerReflectionRequest> requests, GrpcServerCall call)
    {
        await foreach (var request in requests)
        {
            await call.WriteAsync(Answer(request));
        }
    }

    private ServerReflectionResponse Answer(ServerReflectionRequest request)
    {
        var index = _index.Value;
        var response = new ServerReflectionResponse { ValidHost = request.Host, OriginalRequest = request };
        switch (request.MessageRequestCase)
        {
            case ServerReflectionRequest.MessageRequestOneofCase.ListServices:
                response.ListServicesResponse = new ListServiceResponse();
                response.ListServicesResponse.Service.AddRange(_registry.Services.Select(s => new ServiceResponse { Name = s.FullName }));
                break;
            case ServerReflectionRequest.MessageRequestOneofCase.FileByFilename:
                SetFile(response, index.FindFile(request.FileByFilename), $"file '{request.FileByFilename}'");
                break;
            case ServerReflectionRequest.MessageRequestOneofCase.FileContainingSymbol:
                SetFile(response, index.FindFileOfSymbol(request.FileContainingSymbol), $"symbol '{request.FileContainingSymbol}'");
                break;
            case ServerReflectionRequest.MessageRequestOneofCase.AllExtensionNumbersOfType when index.FindFileOfSymbol(request.AllExtensionNumbersOfType) is not null:
                // Our messages declare no extension ranges: the list is empty.
                response.AllExtensionNumbersResponse = new ExtensionNumberResponse { BaseTypeName = request.AllExtensionNumbersOfType };
                break;
            case ServerReflectionRequest.MessageRequestOneofCase.AllExtensionNumbersOfType:
                SetError(response, Protocol.Grpc.GrpcStatusCode.NotFound, $"type '{request.AllExtensionNumbersOfType}' not found");
                break;
            case ServerReflectionRequest.MessageRequestOneofCase.FileContainingExtension:
                SetError(response, Protocol.Grpc.GrpcStatusCode.NotFound, $"no extension {request.FileContainingExtension.ExtensionNumber} of '{request.FileContainingExtension.ContainingType}'");
                break;
            default:
                SetError(response, Protocol.Grpc.GrpcStatusCode.InvalidArgument, "the request asks nothing");
                break;
        }

        return response;
    }

    // The file and every file it imports, transitively, as serialized FileDescriptorProto messages.
    private static void SetFile(ServerReflectionResponse response, FileDescriptor? file, string what)
    {
        if (file is null)
        {
            SetError(response, Protocol.Grpc.GrpcStatusCode.NotFound, $"{what} not found");
            return;
        }

        response.FileDescriptorResponse = new FileDescriptorResponse();
        response.FileDescriptorResponse.FileDescriptorProto.AddRange(ReflectionIndex.WithDependencies(file).Select(f => f.SerializedData));
    }

    private static void SetError(ServerReflectionResponse response, Protocol.Grpc.GrpcStatusCode code, string message) =>
        response.ErrorResponse = new ErrorResponse { ErrorCode = (int)code, ErrorMessage = message };
}
