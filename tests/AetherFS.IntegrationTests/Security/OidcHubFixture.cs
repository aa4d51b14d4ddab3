using System.Net.Http.Headers;
using System.Text.Json;
using AetherFS.IntegrationTests.Infrastructure;

namespace AetherFS.IntegrationTests.Security;

/// <summary>
/// A real OIDC issuer on loopback (<see cref="OidcIssuer"/>) and a hub whose --auth-config trusts it, over a store
/// seeded through an open hub with "public/a", "maxmind" and "private/x". OIDC names: rita reads maxmind, walt writes
/// it, olivia is an admin, members of the data-team group (by the token's claim) read, write and delete it; the
/// service "ci" gets client_credentials tokens in the group ci-readers, which reads maxmind. alice is a local user.
/// </summary>
public sealed class OidcHubFixture : IAsyncLifetime
{
    public const string CiSecret = "ci-secret-0123456789abcdef0123456789";

    private static readonly string Hash = AetherFS.Hub.Security.PasswordHash.Create(AuthHubFixture.Password, AetherFS.Hub.Security.PasswordHash.MinIterations);

    private readonly TempDirectory _sources = new();
    private OidcIssuer? _issuer;
    private HubHost? _hub;

    public OidcIssuer Issuer => _issuer ?? throw new InvalidOperationException("issuer not started");

    public HubHost Hub => _hub ?? throw new InvalidOperationException("hub not started");

    public string MaxmindDigest { get; private set; } = string.Empty;

    public string MaxmindBlock { get; private set; } = string.Empty;

    public string Config => $$"""
        users:
          alice: "{{Hash}}"
        oidc:
          issuer: {{Issuer.Url}}
          audience: aetherfs
          groupsClaim: groups
          clientId: {{OidcIssuer.PublicClientId}}
        admins: [alice, olivia]
        datasets:
          "public/**": { anonymous: [read], authenticated: [read] }
          "maxmind":   { users: { rita: [read], walt: [read, write] }, groups: { data-team: [read, write, delete], ci-readers: [read] } }
        """;

    /// <summary>The hub's port, chosen before the issuer starts so its client can list the UI's sign-in callback.</summary>
    public int HubPort { get; } = LoopbackPort.Free();

    public async Task InitializeAsync()
    {
        _issuer = await OidcIssuer.StartAsync(new OidcIssuerOptions
        {
            RedirectUris = [$"http://127.0.0.1:{HubPort}/ui/login/oidc/callback"],
            Accounts = new Dictionary<string, OidcAccount> { ["gina"] = new(["data-team"], "gina@example.com", EmailVerified: true) },
            Services = new Dictionary<string, OidcService> { ["ci"] = new(CiSecret, ["ci-readers"]) },
        });

        var work = await ProtectedDatasets.SeedAsync(_sources);
        var configPath = work.Combine("auth.yaml");
        await File.WriteAllTextAsync(configPath, Config);
        _hub = await HubHost.StartAsync(work, HubPort, options: ["--auth-config", configPath]);

        using var http = new HttpClient { BaseAddress = Hub.Url };
        http.DefaultRequestHeaders.Authorization = Bearer(OidcTokens.Good(Issuer, "olivia"));
        using var tag = JsonDocument.Parse(await http.GetStringAsync(new Uri("/api/v1/datasets/maxmind/-/tags/v1", UriKind.Relative)));
        MaxmindDigest = tag.RootElement.GetProperty("digest").GetString()!;
        using var manifest = JsonDocument.Parse(await http.GetStringAsync(new Uri($"/api/v1/manifests/{MaxmindDigest}", UriKind.Relative)));
        MaxmindBlock = manifest.RootElement.GetProperty("blocks")[0].GetProperty("sig").GetString()!;
    }

    public static AuthenticationHeaderValue Bearer(string token) => new("Bearer", token);

    /// <summary>The test's principals as tokens: "gina" carries the data-team group claim, the others only their name.</summary>
    public string TokenFor(string principal) => principal switch
    {
        "gina" => OidcTokens.Good(Issuer, "gina", ["data-team"]),
        _ => OidcTokens.Good(Issuer, principal, []),
    };

    public async Task DisposeAsync()
    {
        if (_hub is not null)
        {
            await _hub.DisposeAsync();
        }

        if (_issuer is not null)
        {
            await _issuer.DisposeAsync();
        }

        _sources.Dispose();
    }
}
