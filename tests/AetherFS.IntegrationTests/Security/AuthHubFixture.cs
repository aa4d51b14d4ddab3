using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AetherFS.Hub.Security;
using AetherFS.IntegrationTests.Infrastructure;

namespace AetherFS.IntegrationTests.Security;

/// <summary>
/// A hub started with --auth-config over a store seeded through an open hub: "public/a" (anyone may read),
/// "maxmind" (bob reads, the data-team group (carol) reads, writes and deletes), "private/x" (admins only).
/// </summary>
public sealed class AuthHubFixture : IAsyncLifetime
{
    public const string Password = "s3cret pass";

    // Cheap hashes: these tests are about who gets in, not key stretching.
    private static readonly string Hash = PasswordHash.Create(Password, PasswordHash.MinIterations);

    private readonly TempDirectory _sources = new();
    private HubHost? _hub;

    public HubHost Hub => _hub ?? throw new InvalidOperationException("hub not started");

    /// <summary>The digest of maxmind:v1, and a block only maxmind uses.</summary>
    public string MaxmindDigest { get; private set; } = string.Empty;

    public string MaxmindBlock { get; private set; } = string.Empty;

    public string PublicDigest { get; private set; } = string.Empty;

    public static string Config => $$"""
        users:
          alice: "{{Hash}}"
          bob: "{{Hash}}"
          carol: "{{Hash}}"
          erin: "{{Hash}}"
        groups:
          data-team: [carol]
        admins: [alice]
        datasets:
          "public/**": { anonymous: [read], authenticated: [read] }
          "maxmind":   { users: { bob: [read] }, groups: { data-team: [read, write, delete] } }
        """;

    public static AuthenticationHeaderValue Basic(string user, string password = Password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    public async Task InitializeAsync()
    {
        var work = await ProtectedDatasets.SeedAsync(_sources);
        var configPath = work.Combine("auth.yaml");
        await File.WriteAllTextAsync(configPath, Config);
        _hub = await HubHost.StartAsync(work, options: ["--auth-config", configPath]);

        using var http = new HttpClient { BaseAddress = Hub.Url };
        http.DefaultRequestHeaders.Authorization = Basic("alice");
        MaxmindDigest = await DigestAsync(http, "maxmind");
        PublicDigest = await DigestAsync(http, "public/a");
        using var manifest = JsonDocument.Parse(await http.GetStringAsync(new Uri($"/api/v1/manifests/{MaxmindDigest}", UriKind.Relative)));
        MaxmindBlock = manifest.RootElement.GetProperty("blocks")[0].GetProperty("sig").GetString()!;
    }

    public async Task DisposeAsync()
    {
        if (_hub is not null)
        {
            await _hub.DisposeAsync();
        }

        _sources.Dispose();
    }

    private static async Task<string> DigestAsync(HttpClient http, string name)
    {
        using var tag = JsonDocument.Parse(await http.GetStringAsync(new Uri($"/api/v1/datasets/{name}/-/tags/v1", UriKind.Relative)));
        return tag.RootElement.GetProperty("digest").GetString()!;
    }
}
