using AetherFS.IntegrationTests.Infrastructure;
using AetherFS.IntegrationTests.Security;

namespace AetherFS.IntegrationTests.Deltas;

/// <summary>
/// On a hub with access rules, deltas only against a version the caller may read: naming a held version it may not
/// read gets full payloads (never an error), as if it had named none.
/// </summary>
public sealed class GuardedDeltaTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task AHeldVersionTheCallerMayNotRead_GetsFullPayloads_WhileOneItMayRead_GetsDeltas()
    {
        var open = await HubHost.StartAsync();
        var versions = await DeltaVersions.PushAsync(open.Environment(), open.Url, "public/records", _temp.Path);
        var secret = _temp.Combine("secret");
        TreeBuilder.WriteFile(secret, "data/records.jsonl", DeltaVersions.Records(1));
        (await Infrastructure.Cli.RunAsync(open.Environment(), "push", "-t", "private/records:v1", secret)).AssertSuccess();
        var (privateDigest, privateManifest) = await DeltaVersions.ManifestAsync(open.Url, "private/records", "v1");
        var (work, _) = await open.StopAsync();
        var config = work.Combine("auth.yaml");
        await File.WriteAllTextAsync(config, AuthHubFixture.Config);
        await using var hub = await HubHost.StartAsync(work, options: ["--auth-config", config]);

        var asked = versions.NewBlocks;
        var full = await BlockFetch.RecordsAsync(hub.Url, asked);
        var refused = await BlockFetch.RecordsAsync(hub.Url, asked, have: privateDigest, version: versions.V2);
        Assert.All(refused, r => Assert.Equal(full[r.Key], r.Value));

        var readable = await BlockFetch.RecordsAsync(hub.Url, asked, have: versions.V1, version: versions.V2);
        Assert.Equal(asked.Count, (await BlockFetch.CheckAsync(hub.Url, readable, versions.Manifest1.Blocks)).Deltas);

        // An admin may read the private version: its blocks (the same records) serve as bases.
        var admin = AuthHubFixture.Basic("alice");
        var held = await BlockFetch.RecordsAsync(hub.Url, asked, have: privateDigest, version: versions.V2, auth: admin);
        var (deltas, _, _) = await BlockFetch.CheckAsync(hub.Url, held, privateManifest.Blocks, admin);
        Assert.True(deltas > asked.Count / 2, $"{deltas} deltas for {asked.Count} blocks");
    }
}
