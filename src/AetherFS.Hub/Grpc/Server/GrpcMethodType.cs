namespace AetherFS.Hub.Grpc.Server;

/// <summary>The four shapes of a gRPC method: who streams.</summary>
internal enum GrpcMethodType
{
    Unary,
    ServerStreaming,
    ClientStreaming,
    DuplexStreaming,
}
