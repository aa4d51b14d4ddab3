namespace AetherFS.Hub.Security;

/// <summary>How a caller is known; the names are those <c>GET /api/v1/auth/whoami</c> answers.</summary>
public enum PrincipalKind
{
    Anonymous,
    User,
    Token,

    /// <summary>A bearer token (JWT) from the configured OpenID Connect issuer.</summary>
    Oidc,
}
