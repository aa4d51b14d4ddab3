using System.Net.Http;
using AetherFS.Protocol.Grpc;
using AetherFS.Protocol.Rest;

namespace AetherFS.Client.Hub;

/// <summary>Gives gRPC failures the same shape as REST ones, so callers (and exit codes) see no difference.</summary>
public static class GrpcFailures
{
    /// <summary>
    /// True when the answer shows the peer does not speak gRPC: HTTP/2 could not be negotiated, or an HTTP
    /// answer that is not gRPC (which the client reports as UNIMPLEMENTED or UNKNOWN). A peer that drops the
    /// connection at the HTTP/2 preface looks UNAVAILABLE instead, which the caller tries REST for too.
    /// </summary>
    public static bool MeansNoGrpc(GrpcException e) =>
        e.InnerException is HttpRequestException { HttpRequestError: HttpRequestError.VersionNegotiationError or HttpRequestError.HttpProtocolError }
        || e.Status is GrpcStatusCode.Unimplemented
        || (e.Status is GrpcStatusCode.Unknown && e.Detail.Contains("not gRPC", StringComparison.Ordinal));

    public static Exception ToHubFailure(Uri hub, GrpcException e) => e.Status switch
    {
        GrpcStatusCode.Unavailable => new HubUnavailableException(hub, e.InnerException as HttpRequestException ?? (Exception)e),
        GrpcStatusCode.NotFound => new HubException(404, e.Detail),
        GrpcStatusCode.InvalidArgument or GrpcStatusCode.OutOfRange => new HubException(400, e.Detail),
        GrpcStatusCode.FailedPrecondition => new HubException(409, e.Detail),
        GrpcStatusCode.AlreadyExists => new HubException(412, e.Detail),
        GrpcStatusCode.ResourceExhausted => new HubException(413, e.Detail),
        GrpcStatusCode.DataLoss => new HubException(500, e.Detail, ProblemTitles.CorruptStoredData),
        _ => new HubException(500, e.Detail),
    };
}
