namespace AetherFS.Hub.Security.Oidc;

/// <summary>What an OIDC bearer token proves: a user name and groups, or why it is refused (never the token itself).</summary>
internal sealed record OidcValidation(string? Name, IReadOnlyList<string> Groups, string? Failure)
{
    public static OidcValidation Of(string name, IReadOnlyList<string> groups) => new(name, groups, null);

    public static OidcValidation Refused(string reason) => new(null, [], reason);
}
