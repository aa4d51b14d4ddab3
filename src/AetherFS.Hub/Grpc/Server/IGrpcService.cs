using Google.Protobuf.Reflection;

namespace AetherFS.Hub.Grpc.Server;

/// <summary>A gRPC service the hub serves: its methods and the descriptors reflection lists for it.</summary>
internal interface IGrpcService
{
    IReadOnlyList<ServiceDescriptor> Descriptors { get; }

    IEnumerable<GrpcMethod> Methods { get; }
}
