using AetherFS.Hub.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AetherFS.Hub.Endpoints;

/// <summary>
/// <c>GET /api/v1/auth/whoami</c>: who the hub takes the caller for, so <c>aetherfs auth login</c> and <c>status</c>
/// can check credentials (wrong ones are answered 401 by the access middleware before this runs).
/// </summary>
internal static class AuthEndpoints
{
    public static void Map(IEndpointRouteBuilder app) => app.MapGet(Protocol.Rest.ApiPaths.WhoAmI, (HttpContext context, AccessPolicy policy) =>
    {
        var principal = Caller.Of(context);
        // Without --auth-config everyone may do everything, so the anonymous caller is, in effect, an admin.
        return Results.Json(new WhoAmIResponse(principal.Name, principal.Kind.ToString().ToLowerInvariant(), policy.IsAdmin(principal)));
    });
}
