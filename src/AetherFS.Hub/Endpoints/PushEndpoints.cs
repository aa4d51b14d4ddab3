using AetherFS.Serving.Http;
using AetherFS.Protocol.Errors;
using AetherFS.Protocol.Rest;
using AetherFS.Hub.Telemetry;
using AetherFS.Storage.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AetherFS.Hub.Endpoints;

/// <summary>
/// <c>DELETE /api/v1/pushes/{pushId}</c>: a push that failed gives up what it claimed, so the next garbage collection
/// reclaims what it uploaded (after the grace period) rather than keeping it for the hour. Written as the release a
/// finished push writes: an empty object, which fits even on a full disk.
/// </summary>
internal static class PushEndpoints
{
    public static void Map(IEndpointRouteBuilder app) => app.MapDelete(ApiPaths.Pushes + "/{pushId}", AbandonAsync);

    private static async Task<IResult> AbandonAsync(string pushId, ClaimStore claims, PushTimer pushes, CancellationToken cancellationToken)
    {
        if (!ClaimStore.IsValidPushId(pushId))
        {
            return ApiError.Invalid("a push id is 32 lowercase hex digits").ToResult();
        }

        await claims.ReleaseAsync(pushId, cancellationToken);
        pushes.Abandoned(pushId);
        return Results.NoContent();
    }
}
