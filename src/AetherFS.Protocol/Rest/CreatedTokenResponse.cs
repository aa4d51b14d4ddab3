namespace AetherFS.Protocol.Rest;

/// <summary>The answer to creating a token: the only time the hub shows <see cref="Token"/>, which it keeps only hashed.</summary>
public sealed record CreatedTokenResponse(string Token, TokenInfo Info);
