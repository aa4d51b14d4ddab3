using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace AetherFS.Protocol.Grpc.Client;

/// <summary>Reads a call's outcome from the response: HTTP status, trailers-only headers, or trailers.</summary>
internal static class GrpcResponseStatus
{
    public static void ThrowIfFailedHeaders(string path, HttpResponseMessage response)
    {
        if (response.StatusCode != HttpStatusCode.OK)
        {
            // Not a gRPC answer (a proxy, or an endpoint that is not gRPC): map as the gRPC spec says.
            throw new GrpcException(FromHttp(response.StatusCode), $"{path}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
        }

        if (!GrpcProtocol.IsGrpcContentType(response.Content.Headers.ContentType?.MediaType))
        {
            throw new GrpcException(GrpcStatusCode.Unknown, $"{path}: the answer is not gRPC (content type '{response.Content.Headers.ContentType}')");
        }

        // Trailers-only: the status came in the headers and there is no body.
        if (Read(response.Headers) is { } failure && failure.Status != GrpcStatusCode.OK)
        {
            throw failure;
        }
    }

    public static void ThrowIfFailedTrailers(string path, HttpResponseMessage response)
    {
        var status = Read(response.TrailingHeaders) ?? Read(response.Headers)
            ?? throw new GrpcException(GrpcStatusCode.Internal, $"{path}: the call ended without a grpc-status");
        if (status.Status != GrpcStatusCode.OK)
        {
            throw status;
        }
    }

    private static GrpcException? Read(HttpHeaders headers)
    {
        if (!headers.TryGetValues(GrpcProtocol.StatusHeader, out var statuses))
        {
            return null;
        }

        var code = int.TryParse(statuses.First(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? (GrpcStatusCode)parsed : GrpcStatusCode.Unknown;
        var message = headers.TryGetValues(GrpcProtocol.MessageHeader, out var messages) ? GrpcStatusMessage.Decode(messages.First()) : string.Empty;
        return new GrpcException(code, message);
    }

    private static GrpcStatusCode FromHttp(HttpStatusCode status) => status switch
    {
        HttpStatusCode.BadRequest => GrpcStatusCode.Internal,
        HttpStatusCode.Unauthorized => GrpcStatusCode.Unauthenticated,
        HttpStatusCode.Forbidden => GrpcStatusCode.PermissionDenied,
        HttpStatusCode.NotFound => GrpcStatusCode.Unimplemented,
        HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout => GrpcStatusCode.Unavailable,
        _ => GrpcStatusCode.Unknown,
    };
}
