namespace AetherFS.Protocol.Rest;

/// <summary><c>GET /api/v1/auth/config</c>: <c>{"oidc":{...}}</c> when the hub takes OIDC bearer tokens, else <c>{}</c>.</summary>
public sealed record AuthConfigResponse(OidcClientConfig? Oidc);
