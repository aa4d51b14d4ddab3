using AetherFS.Hub.Http;
using AetherFS.Hub.Scrubbing;
using AetherFS.Protocol.Errors;
using AetherFS.Protocol.Rest;
using AetherFS.Serving.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AetherFS.Hub.Endpoints;

/// <summary>
/// <c>POST /api/v1/verify</c>: verify every stored block and manifest now, quarantining corrupt blocks, and answer the
/// report (200 whether or not anything was bad). Waits for a verification already running on this hub; the body
/// (<c>{"maxBytesPerSecond":52428800}</c>) is optional.
/// </summary>
internal static class VerifyEndpoints
{
    public static void Map(IEndpointRouteBuilder app) => app.MapPost(ApiPaths.Verify, RunAsync);

    private static async Task<IResult> RunAsync(HttpRequest request, StoreScrubber scrubber, CancellationToken cancellationToken)
    {
        var (body, error) = await JsonBody.ReadAsync(request, ProtocolJsonContext.Default.VerifyRequest, Application.HubLimits.MaxGcBody, cancellationToken, optional: true);
        if (error is not null)
        {
            return error.ToResult();
        }

        if (body?.MaxBytesPerSecond is < 0)
        {
            return ApiError.Invalid($"maxBytesPerSecond cannot be negative, not {body.MaxBytesPerSecond}").ToResult();
        }

        return Results.Ok(await scrubber.RunAsync(new ScrubRunOptions(body?.MaxBytesPerSecond), cancellationToken));
    }
}
