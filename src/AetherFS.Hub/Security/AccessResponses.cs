using System.Globalization;
using AetherFS.Protocol.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;

namespace AetherFS.Hub.Security;

/// <summary>How HTTP callers (REST, <c>/fs</c>, the UI, and gRPC before its interceptor) hear they are not let in.</summary>
internal static class AccessResponses
{
    public const string Challenge = "Basic realm=\"aetherfs\", charset=\"UTF-8\"";

    /// <summary>Offered beside Basic when the hub takes OIDC bearer tokens.</summary>
    public const string BearerChallenge = "Bearer realm=\"aetherfs\"";

    public static Task UnauthenticatedAsync(HttpContext context, AuthenticationOutcome outcome)
    {
        if (outcome.RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            return WriteAsync(context, StatusCodes.Status429TooManyRequests, "Too Many Requests", outcome.Failure!, global::Grpc.Core.StatusCode.Unauthenticated);
        }

        context.Response.Headers.WWWAuthenticate = ChallengesFor(context);
        return WriteAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized", outcome.Failure!, global::Grpc.Core.StatusCode.Unauthenticated);
    }

    public static Task DeniedAsync(HttpContext context, AccessVerdict verdict)
    {
        if (verdict == AccessVerdict.SignInRequired)
        {
            context.Response.Headers.WWWAuthenticate = ChallengesFor(context);
            return WriteAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized", "sign in to do this", global::Grpc.Core.StatusCode.Unauthenticated);
        }

        return WriteAsync(context, StatusCodes.Status403Forbidden, "Forbidden", "you may not do this", global::Grpc.Core.StatusCode.PermissionDenied);
    }

    private static StringValues ChallengesFor(HttpContext context) =>
        context.RequestServices.GetService<AccessPolicy>()?.Configuration?.Oidc is null ? Challenge : new StringValues([Challenge, BearerChallenge]);

    private static Task WriteAsync(HttpContext context, int status, string title, string detail, global::Grpc.Core.StatusCode grpcStatus)
    {
        var response = context.Response;
        if (context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true)
        {
            // A gRPC client reads its status from a trailers-only answer, whatever the transport (HTTP/2 or gRPC-Web).
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = context.Request.ContentType;
            response.Headers["grpc-status"] = ((int)grpcStatus).ToString(CultureInfo.InvariantCulture);
            response.Headers["grpc-message"] = Uri.EscapeDataString(detail);
            return Task.CompletedTask;
        }

        response.StatusCode = status;
        return response.WriteAsJsonAsync(
            new ProblemDocument("about:blank", title, status, detail),
            Protocol.Rest.ProtocolJsonContext.Default.ProblemDocument,
            "application/problem+json",
            context.RequestAborted);
    }
}
