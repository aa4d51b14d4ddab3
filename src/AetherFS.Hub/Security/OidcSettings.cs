namespace AetherFS.Hub.Security;

/// <summary>The <c>oidc:</c> section: bearer tokens from this issuer, for this audience (see docs/security.md).</summary>
/// <param name="Issuer">Compared with a token's <c>iss</c> exactly as written in the file (<see cref="Uri.OriginalString"/>).</param>
/// <param name="UserClaim">The claim that names the user (default <c>sub</c>); <c>email</c> also needs <c>email_verified</c>.</param>
/// <param name="ClientId">The public client the CLI and the UI sign in with, if any (only told to clients).</param>
/// <param name="Scopes">What those clients ask for (only told to clients).</param>
internal sealed record OidcSettings(Uri Issuer, string Audience, string GroupsClaim, string UserClaim = OidcSettings.DefaultUserClaim, string? ClientId = null, IReadOnlyList<string>? Scopes = null)
{
    public const string DefaultUserClaim = "sub";

    public static readonly IReadOnlyList<string> DefaultScopes = ["openid", "profile", "email", "offline_access"];

    public IReadOnlyList<string> ClientScopes => Scopes ?? DefaultScopes;
}
