namespace AetherFS.Hub.Security;

/// <summary>The <c>oidc:</c> section: bearer tokens from this issuer, for this audience (validated at start; see docs/security.md).</summary>
internal sealed record OidcSettings(Uri Issuer, string Audience, string GroupsClaim);
