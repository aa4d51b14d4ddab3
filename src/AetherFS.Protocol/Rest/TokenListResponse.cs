namespace AetherFS.Protocol.Rest;

/// <summary><c>GET /api/v1/tokens</c>: the caller's tokens (an admin's: everyone's).</summary>
public sealed record TokenListResponse(IReadOnlyList<TokenInfo> Tokens);
