using AetherFS.Core.Blocks;
using AetherFS.Core.Manifests;
using AetherFS.Hub.Http;
using AetherFS.Protocol.Grpc;
using AetherFS.Storage.Blobs;
using Microsoft.AspNetCore.Http;

namespace AetherFS.Hub.Grpc.Server;

/// <summary>The one place where the hub's failures become gRPC statuses, as ProblemDetails do for REST.</summary>
internal static class GrpcErrors
{
    /// <summary>The gRPC form of an expected failure the REST endpoints report as a problem.</summary>
    public static GrpcException FromProblem(ApiProblem problem) => new(
        problem.Status switch
        {
            StatusCodes.Status400BadRequest => GrpcStatusCode.InvalidArgument,
            StatusCodes.Status404NotFound => GrpcStatusCode.NotFound,
            StatusCodes.Status409Conflict => GrpcStatusCode.FailedPrecondition,
            StatusCodes.Status412PreconditionFailed => GrpcStatusCode.AlreadyExists,
            StatusCodes.Status413PayloadTooLarge => GrpcStatusCode.ResourceExhausted,
            StatusCodes.Status416RangeNotSatisfiable => GrpcStatusCode.OutOfRange,
            _ when problem.Title == Protocol.Rest.ProblemTitles.CorruptStoredData => GrpcStatusCode.DataLoss,
            _ => GrpcStatusCode.Internal,
        },
        problem.Detail);

    /// <summary>The status for an exception a handler threw; null when the exception is a bug (UNKNOWN, logged).</summary>
    public static GrpcException? Map(Exception e) => e switch
    {
        GrpcException grpc => grpc,
        ManifestFormatException format => new GrpcException(GrpcStatusCode.InvalidArgument, format.Message),
        DigestMismatchException corrupt => new GrpcException(GrpcStatusCode.DataLoss, $"stored data failed verification: {corrupt.Message}"),
        BlobStoreException unavailable => new GrpcException(GrpcStatusCode.Unavailable, unavailable.Message),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } tooLarge => new GrpcException(GrpcStatusCode.ResourceExhausted, tooLarge.Message),
        BadHttpRequestException bad => new GrpcException(GrpcStatusCode.Internal, bad.Message),
        _ => null,
    };
}
