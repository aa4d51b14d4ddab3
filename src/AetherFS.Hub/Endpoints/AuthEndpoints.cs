using AetherFS.Hub.Security;
using AetherFS.Protocol.Rest;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AetherFS.Hub.Endpoints;

/// <summary>
/// <c>GET /api/v1/auth/whoami</c>: who the hub takes the caller for, so <c>aetherfs auth login</c> and <c>status</c>
/// can check credentials (wrong ones are answered 401 by the access middleware before this runs).
/// <c>GET /api/v1/auth/config</c>: how to sign in (the OIDC issuer, public client, audience and scopes), or <c>{}</c>.
/// </summary>
internal static class AuthEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet(ApiPaths.WhoAmI, (HttpContext context, AccessPolicy policy) =>
        {
            var principal = Caller.Of(context);
            // Without --auth-config everyone may do everything, so the anonymous caller is, in effect, an admin.
            return Results.Json(new WhoAmIResponse(principal.Name, principal.Kind.ToString().ToLowerInvariant(), policy.IsAdmin(principal)));
        });

        // Open (see HttpAccessRules): a client asks it before it has credentials, to learn where to get them.
        app.MapGet(ApiPaths.AuthConfig, (AccessPolicy policy) => Results.Json(
            new AuthConfigResponse(policy.Configuration?.Oidc is { } oidc
                ? new OidcClientConfig(oidc.Issuer.OriginalString, oidc.ClientId, oidc.Audience, oidc.ClientScopes)
                : null),
            ProtocolJsonContext.Default.AuthConfigResponse));
    }
}
