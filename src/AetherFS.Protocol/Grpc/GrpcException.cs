namespace AetherFS.Protocol.Grpc;

/// <summary>A call that ended with a non-OK gRPC status: thrown by handlers on the hub and by the client.</summary>
public sealed class GrpcException : Exception
{
    public GrpcException(GrpcStatusCode status, string detail, Exception? inner = null)
        : base($"{status}: {detail}", inner)
    {
        Status = status;
        Detail = detail;
    }

    public GrpcStatusCode Status { get; }

    /// <summary>The human-readable message, sent as <c>grpc-message</c>.</summary>
    public string Detail { get; }
}
