namespace AetherFS.Protocol.Rest;

/// <summary>What a client needs to get a token the hub accepts: the issuer, its public client (if any), audience and scopes.</summary>
public sealed record OidcClientConfig(string Issuer, string? ClientId, string Audience, IReadOnlyList<string> Scopes);
