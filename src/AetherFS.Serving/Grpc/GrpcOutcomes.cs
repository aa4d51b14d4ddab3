using AetherFS.Protocol.Errors;
using Grpc.Core;

namespace AetherFS.Serving.Grpc;

/// <summary>The one place where an <see cref="ApiError"/> becomes a gRPC status.</summary>
public static class GrpcOutcomes
{
    public static RpcException ToRpcException(this ApiError error) => new(new Status(ErrorKinds.GrpcStatus(error.Kind), error.Message));

    /// <summary>The value, or the error thrown as the call's status.</summary>
    public static T ValueOrThrow<T>(this Outcome<T> outcome) => outcome.Succeeded ? outcome.Value : throw outcome.Error.ToRpcException();
}
