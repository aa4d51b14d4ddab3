namespace AetherFS.Client.Credentials;

/// <summary>What a hub says of its OpenID Connect issuer (<c>GET /api/v1/auth/config</c>): whom to ask for a token, as which client, for which audience.</summary>
public sealed record HubOidcSettings(Uri Issuer, string ClientId, string Audience, IReadOnlyList<string> Scopes);
