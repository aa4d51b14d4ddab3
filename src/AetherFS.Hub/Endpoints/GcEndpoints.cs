using AetherFS.Serving.Http;
using AetherFS.Core.Units;
using AetherFS.Hub.Configuration;
using AetherFS.Hub.GarbageCollection;
using AetherFS.Hub.Http;
using AetherFS.Protocol.Errors;
using AetherFS.Protocol.Rest;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AetherFS.Hub.Endpoints;

/// <summary>
/// <c>POST /api/v1/gc</c>: apply retention policies and collect garbage now, answering the report. Waits for a
/// collection already running on this hub; the body (<c>{"dryRun":true,"grace":"1h","maxUnused":50}</c>) is optional. A collection
/// that stops (<see cref="GcAbortedException"/>) is answered by the problem middleware.
/// </summary>
internal static class GcEndpoints
{
    public static void Map(IEndpointRouteBuilder app) => app.MapPost(ApiPaths.Gc, RunAsync);

    private static async Task<IResult> RunAsync(HttpRequest request, GarbageCollector collector, HubOptions options, CancellationToken cancellationToken)
    {
        var (body, error) = await JsonBody.ReadAsync(request, ProtocolJsonContext.Default.GcRequest, Application.HubLimits.MaxGcBody, cancellationToken, optional: true);
        if (error is not null)
        {
            return error.ToResult();
        }

        var grace = options.GcGrace;
        if (body?.Grace is { } text && !TryParseGrace(text, out grace))
        {
            return ApiError.Invalid($"invalid grace '{text}' (examples: 0s, 30m, 1h)").ToResult();
        }

        var maxUnused = body?.MaxUnused ?? options.GcMaxUnused;
        if (maxUnused is < 0 or > 100)
        {
            return ApiError.Invalid($"maxUnused is a percentage from 0 to 100, not {maxUnused}").ToResult();
        }

        return Results.Ok(await collector.RunAsync(new GcRunOptions(body?.DryRun ?? false, grace, maxUnused / 100.0), cancellationToken));
    }

    // "0" alone means no grace at all, as the hub's --gc-grace 0 does.
    private static bool TryParseGrace(string text, out TimeSpan grace)
    {
        grace = TimeSpan.Zero;
        return text == "0" || Duration.TryParse(text, out grace);
    }
}
