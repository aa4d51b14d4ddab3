namespace AetherFS.Hub.Grpc.Server;

/// <summary>Settings of the gRPC server layer, shared by the hub and the agent.</summary>
public sealed class GrpcServerOptions
{
    /// <summary>The largest message accepted or sent.</summary>
    public int MaxMessageSize { get; init; } = 64 * 1024 * 1024;
}
