using Grpc.AspNetCore.Server;
using Microsoft.Extensions.DependencyInjection;

namespace AetherFS.Serving.Grpc;

/// <summary>gRPC hosting as the hub and the agent both need it: a message limit both ways, and bounded decompression.</summary>
public static class ServingGrpc
{
    public static IGrpcServerBuilder AddServingGrpc(this IServiceCollection services, int maxMessageSize, Action<GrpcServiceOptions>? configure = null) =>
        services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = maxMessageSize;
            grpc.MaxSendMessageSize = maxMessageSize;
            grpc.CompressionProviders = [.. BoundedCompressionProvider.All(maxMessageSize)];
            configure?.Invoke(grpc);
        });
}
