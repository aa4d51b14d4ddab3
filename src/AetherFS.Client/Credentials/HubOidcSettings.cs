using AetherFS.Protocol.Rest;

namespace AetherFS.Client.Credentials;

/// <summary>What a hub says of its OpenID Connect issuer (<c>GET /api/v1/auth/config</c>), as a login can use it: whom to ask for a token, as which client, for which audience.</summary>
public sealed record HubOidcSettings(Uri Issuer, string ClientId, string Audience, IReadOnlyList<string> Scopes)
{
    /// <summary>The settings of a hub's answer; null when it names no issuer, or no public client to log in as.</summary>
    public static HubOidcSettings? From(AuthConfigResponse? config) =>
        config?.Oidc is { ClientId: { Length: > 0 } clientId, Audience: { Length: > 0 } audience } oidc
        && Uri.TryCreate(oidc.Issuer, UriKind.Absolute, out var issuer)
            ? new HubOidcSettings(issuer, clientId, audience, oidc.Scopes is { Count: > 0 } scopes ? scopes : ["openid", "offline_access"])
            : null;
}
