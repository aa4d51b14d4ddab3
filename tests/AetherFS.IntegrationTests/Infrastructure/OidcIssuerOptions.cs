namespace AetherFS.IntegrationTests.Infrastructure;

/// <summary>Who the test issuer knows: its audience (the hub's), test accounts with fixed groups, service clients.</summary>
public sealed record OidcIssuerOptions
{
    public string Audience { get; init; } = "aetherfs";

    /// <summary>Users that sign in through its login form (which takes any name; these get groups and an email).</summary>
    public IReadOnlyDictionary<string, OidcAccount> Accounts { get; init; } = new Dictionary<string, OidcAccount>();

    /// <summary>Confidential clients for client_credentials: client id → secret and the groups its tokens carry.</summary>
    public IReadOnlyDictionary<string, OidcService> Services { get; init; } = new Dictionary<string, OidcService>();

    /// <summary>Where the public client may be sent back to after the authorization code flow.</summary>
    public IReadOnlyList<string> RedirectUris { get; init; } = [];
}
