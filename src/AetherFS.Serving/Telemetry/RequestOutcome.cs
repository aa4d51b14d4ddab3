using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace AetherFS.Serving.Telemetry;

/// <summary>
/// A request's outcome as an HTTP status class (2xx ... 5xx). gRPC answers 200 and puts its status in a trailer:
/// that status is mapped to the class its HTTP equivalent would have, so one label reads the same across interfaces.
/// </summary>
public static class RequestOutcome
{
    public static readonly string[] All = ["2xx", "3xx", "4xx", "5xx"];

    public static string Of(HttpContext context, bool grpc)
    {
        if (grpc && context.Features.Get<IHttpResponseTrailersFeature>()?.Trailers is { } trailers && trailers.TryGetValue("grpc-status", out var status))
        {
            return ForGrpc(status.ToString());
        }

        if (grpc && context.Response.Headers.TryGetValue("grpc-status", out var header))
        {
            // A call that fails before any message sends its status in the headers ("trailers-only").
            return ForGrpc(header.ToString());
        }

        return ForStatus(context.Response.StatusCode);
    }

    public static string ForStatus(int status) => status switch
    {
        < 200 => "2xx", // an upgraded or informational answer: not a failure
        < 300 => "2xx",
        < 400 => "3xx",
        < 500 => "4xx",
        _ => "5xx",
    };

    // grpc.Core.StatusCode numbers: the caller's mistakes map to 4xx, the server's to 5xx.
    private static string ForGrpc(string status) => int.TryParse(status, out var code)
        ? code switch
        {
            0 => "2xx",
            1 or 3 or 5 or 6 or 7 or 8 or 9 or 10 or 11 or 16 => "4xx",
            _ => "5xx",
        }
        : "5xx";
}
