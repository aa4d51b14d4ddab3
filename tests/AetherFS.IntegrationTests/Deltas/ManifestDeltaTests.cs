using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AetherFS.Core.Blocks;
using AetherFS.Core.Manifests;
using AetherFS.Core.References;
using AetherFS.IntegrationTests.Infrastructure;
using AetherFS.IntegrationTests.Security;
using AetherFS.Protocol.Rest;
using Xunit.Abstractions;

namespace AetherFS.IntegrationTests.Deltas;

/// <summary>
/// Manifests travel as deltas against the manifest the other side holds: a pull into the DEST of the last pull gets
/// the new manifest as a delta, a push uploads it as one against the manifest its tag pointed at. Whoever holds
/// nothing the hub can use (or may not read what it names) gets or sends the full manifest; the hub verifies every
/// delta it receives and stores nothing it cannot decode to the digest claimed.
/// </summary>
public sealed class ManifestDeltaTests : IClassFixture<HubFixture>, IDisposable
{
    private const int Files = 300;
    private readonly HubHost _hub;
    private readonly ITestOutputHelper _output;
    private readonly TempDirectory _temp = new();

    public ManifestDeltaTests(HubFixture fixture, ITestOutputHelper output)
    {
        _hub = fixture.Hub;
        _output = output;
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task PullOfV2_IntoTheDestOfV1_GetsTheManifestAsADelta_WhileAFreshPullGetsItFull()
    {
        var source = _temp.Combine("source");
        await PushVersionsAsync(_hub.Environment(), source, "mfdelta/pull");
        var dest = _temp.Combine("dest");
        var env = _hub.Environment(_temp.Combine("cache"));
        var first = (await Infrastructure.Cli.RunAsync(env, "pull", "mfdelta/pull:v1", dest, "--json")).AssertSuccess().Json();

        var update = (await Infrastructure.Cli.RunAsync(env, "pull", "mfdelta/pull:v2", dest, "--json")).AssertSuccess().Json();
        var fresh = (await Infrastructure.Cli.RunAsync(_hub.Environment(_temp.Combine("fresh-cache")), "pull", "mfdelta/pull:v2", _temp.Combine("fresh"), "--json")).AssertSuccess().Json();
        _output.WriteLine($"v1: {first}\nv1 holder: {update}\nfresh: {fresh}");

        TreeAssert.Equal(source, dest);
        TreeAssert.Equal(source, _temp.Combine("fresh"));
        Assert.False(first.GetProperty("manifestAsDelta").GetBoolean());
        Assert.True(update.GetProperty("manifestAsDelta").GetBoolean());
        Assert.False(fresh.GetProperty("manifestAsDelta").GetBoolean());
        var (delta, full) = (update.GetProperty("manifestBytes").GetInt64(), fresh.GetProperty("manifestBytes").GetInt64());
        Assert.True(delta > 0 && delta * 10 < full, $"manifest as a delta {delta} B, full {full} B");
        // The manifest is part of what crossed the network.
        Assert.True(update.GetProperty("bytesDownloaded").GetInt64() >= delta + update.GetProperty("bytesDelta").GetInt64());
        Assert.True(fresh.GetProperty("bytesDownloaded").GetInt64() > full);

        // diff promises what the v1 holder downloaded, the manifest's delta included.
        var diff = (await Infrastructure.Cli.RunAsync(env, "diff", "mfdelta/pull:v1", "v2", "--json")).AssertSuccess().Json();
        Assert.Equal(delta, diff.GetProperty("blocks").GetProperty("manifestSentBytes").GetInt64());
        Assert.Equal(update.GetProperty("bytesDownloaded").GetInt64(), diff.GetProperty("transferBytes").GetInt64());
    }

    [Fact]
    public async Task PushOfV2_UploadsTheManifestAsADelta_AndTheHubStoresItFull()
    {
        var source = _temp.Combine("source");
        var (v1, v2) = await PushVersionsAsync(_hub.Environment(), source, "mfdelta/push");
        _output.WriteLine($"v1: {v1}\nv2: {v2}");

        var (first, second) = (v1.GetProperty("manifestBytes").GetInt64(), v2.GetProperty("manifestBytes").GetInt64());
        Assert.True(second > 0 && second * 10 < first, $"manifest uploaded as a delta {second} B, full {first} B");
        Assert.True(v2.GetProperty("bytesUploaded").GetInt64() >= second);
        Assert.True(v1.GetProperty("bytesUploaded").GetInt64() >= first);

        // Stored as any manifest: canonical JSON for a client that accepts nothing else, hashing to its digest.
        using var http = new HttpClient { BaseAddress = _hub.Url };
        var digest = v2.GetProperty("digest").GetString()!;
        var stored = await http.GetByteArrayAsync(new Uri(ApiPaths.Manifest(digest), UriKind.Relative));
        Assert.Equal(digest, Digest.Compute(stored));
        Assert.Equal(Files + 1, ManifestSerializer.Parse(stored).Entries.Count(e => e.Type == EntryType.File));
    }

    [Fact]
    public async Task AgentFollowingATag_GetsEachNewManifestAsADelta_AgainstTheVersionOnDisk()
    {
        var source = _temp.Combine("source");
        await PushVersionsAsync(_hub.Environment(), source, "mfdelta/agent");
        var dir = _temp.Combine("synced");
        await using var agent = await AgentHost.StartAsync(_hub, _temp.Combine("agent-cache"), "--sync", $"mfdelta/agent:live={dir}");
        await agent.WaitForAsync(async () => (await agent.SubscriptionAsync()).GetProperty("syncs").GetInt32() == 1, "first sync");
        var first = await agent.SubscriptionAsync();

        TreeBuilder.WriteFile(source, "data/part-0042.bin", TreeBuilder.RandomBytes(5000, 4242));
        (await Infrastructure.Cli.RunAsync(_hub.Environment(), "push", "-t", "mfdelta/agent:live", source)).AssertSuccess();
        await agent.WaitForAsync(async () => (await agent.SubscriptionAsync()).GetProperty("syncs").GetInt32() == 2, "second sync");
        var second = await agent.SubscriptionAsync();
        _output.WriteLine($"first: {first}\nsecond: {second}");

        TreeAssert.Equal(source, Path.Join(dir, "current"));
        Assert.Equal(0, first.GetProperty("manifestsDelta").GetInt64());
        Assert.Equal(1, second.GetProperty("manifestsDelta").GetInt64());
        var (full, delta) = (first.GetProperty("manifestBytes").GetInt64(), second.GetProperty("manifestBytes").GetInt64() - first.GetProperty("manifestBytes").GetInt64());
        Assert.True(delta > 0 && delta * 10 < full, $"manifest as a delta {delta} B, full {full} B");
    }

    [Fact]
    public async Task MountFollowingATag_GetsTheNewManifestAsADelta_AgainstTheOneItServes()
    {
        var source = _temp.Combine("source");
        await PushVersionsAsync(_hub.Environment(), source, "mfdelta/mount");
        var directory = Directory.CreateDirectory(_temp.Combine("mnt")).FullName;
        var (mount, _) = await MountProcess.StartAsync(_hub.Environment(_temp.Combine("mount-cache")), "mfdelta/mount:live", directory);
        await using (mount)
        {
            var changed = TreeBuilder.RandomBytes(4096 + (43 * 37 % 4096), 4343); // its size stays: the blocks after it stay too
            TreeBuilder.WriteFile(source, "data/part-0043.bin", changed);
            (await Infrastructure.Cli.RunAsync(_hub.Environment(), "push", "-t", "mfdelta/mount:live", source)).AssertSuccess();
            var file = Path.Join(directory, "data", "part-0043.bin");
            await Eventually.HoldsAsync(async () => (await File.ReadAllBytesAsync(file)).AsSpan().SequenceEqual(changed), "a new open reads the new version", () => mount.Output);

            Assert.Equal(0, await mount.StopAsync());
            _output.WriteLine(mount.Output);
            var moved = System.Text.RegularExpressions.Regex.Match(mount.Output, @"moved to sha256:[0-9a-f]{64}: \d+ names changed; manifest (\d+) B as a delta");
            Assert.True(moved.Success, mount.Output);
            Assert.InRange(long.Parse(moved.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 1, 1000);
        }
    }

    [Fact]
    public async Task RawGet_NamingAnUnknownManifest_GetsTheFullPayload_AndNamingV1_AVerifiedDelta()
    {
        await PushVersionsAsync(_hub.Environment(), _temp.Combine("source"), "mfdelta/raw");
        using var http = new HttpClient { BaseAddress = _hub.Url };
        var (v1, v1Bytes) = await ManifestAsync(http, "mfdelta/raw", "v1", have: null);
        var (v2, full) = await ManifestAsync(http, "mfdelta/raw", "v2", have: null);
        var (_, unknown) = await ManifestAsync(http, "mfdelta/raw", "v2", have: Digest.Compute("never pushed"u8));
        var (_, malformed) = await ManifestAsync(http, "mfdelta/raw", "v2", have: "sha256:nothex");
        var (_, delta) = await ManifestAsync(http, "mfdelta/raw", "v2", have: v1);

        Assert.Equal(full, unknown);
        Assert.Equal(full, malformed);
        Assert.False(BlockDelta.IsDelta(full));
        Assert.True(BlockDelta.IsDelta(delta));
        Assert.True(delta.Length * 10 < full.Length, $"delta {delta.Length} B, full {full.Length} B");
        using var decoded = BlockPayload.Decode(full, Digest.HexPart(v2), maxRawLength: ApiPaths.MaxManifestBytes);
        using var v1Decoded = BlockPayload.Decode(v1Bytes, Digest.HexPart(v1), maxRawLength: ApiPaths.MaxManifestBytes);
        Assert.Equal(decoded.Memory.ToArray(), ManifestDelta.Decode(delta, v2, v1, v1Decoded.Memory.Span));
    }

    [Fact]
    public async Task UploadedManifestDeltas_ForgedOrABombOrAgainstABaseTheHubLacks_Are400_AndStoreNothing()
    {
        await PushVersionsAsync(_hub.Environment(), _temp.Combine("source"), "mfdelta/upload");
        using var http = new HttpClient { BaseAddress = _hub.Url };
        var v1 = await CanonicalAsync(http, "mfdelta/upload", "v1");
        var v2 = await CanonicalAsync(http, "mfdelta/upload", "v2");
        var v3 = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(v2).Replace("part-0001", "part-0001-renamed", StringComparison.Ordinal));
        var v3Digest = Digest.Compute(v3);

        // Forged: v2's bytes, claimed to be v3.
        using (var forged = ManifestDelta.Encode(v2, Digest.Compute(v1), v1, v2.Length)!)
        {
            await AssertRefusedAsync(http, v3Digest, forged.Span.ToArray(), "does not decode");
        }

        // A bomb: a frame of 8 MiB behind a header that declares 100 bytes, and one that declares 1 GiB.
        using (var bomb = ManifestDelta.Encode(new byte[BlockDelta.MaxRawBytes], Digest.Compute(v1), v1, BlockDelta.MaxRawBytes)!)
        {
            var small = bomb.Span.ToArray();
            BitConverter.TryWriteBytes(small.AsSpan(8, 4), 100u);
            await AssertRefusedAsync(http, v3Digest, small, "does not decode");
            var huge = bomb.Span.ToArray();
            BitConverter.TryWriteBytes(huge.AsSpan(8, 4), 1u << 30);
            await AssertRefusedAsync(http, v3Digest, huge, "does not decode");
        }

        // Against a manifest the hub does not hold.
        var missing = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(v1).Replace("part-0002", "part-0002-elsewhere", StringComparison.Ordinal));
        using (var orphan = ManifestDelta.Encode(v3, Digest.Compute(missing), missing, v3.Length)!)
        {
            await AssertRefusedAsync(http, v3Digest, orphan.Span.ToArray(), "not on this hub");
        }

        // The same v3 against v1, which the hub holds: stored, full.
        using var valid = ManifestDelta.Encode(v3, Digest.Compute(v1), v1, v3.Length)!;
        using var created = await PutPayloadAsync(http, v3Digest, valid.Span.ToArray());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(v3, await http.GetByteArrayAsync(new Uri(ApiPaths.Manifest(v3Digest), UriKind.Relative)));
    }

    [Fact]
    public async Task AManifestDeltaTheHubRefuses_IsSentFullOnce_AndStored()
    {
        await PushVersionsAsync(_hub.Environment(), _temp.Combine("source"), "mfdelta/refused");
        using var http = new HttpClient { BaseAddress = _hub.Url };
        var v1 = await CanonicalAsync(http, "mfdelta/refused", "v1");
        var v3 = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(v1).Replace("part-0003", "part-0003-renamed", StringComparison.Ordinal));
        var handler = new PayloadBlindHandler();
        using var client = new Client.Hub.HubClient(_hub.Url, handler);

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var sent = await client.PutManifestAsync(Digest.Compute(v3), v3, new Client.Hub.HeldManifest(Digest.Compute(v1), v1), pushId: null, timeout.Token);

        Assert.Equal([BlockPayload.MediaType, ApiPaths.ManifestMediaType], handler.ManifestUploads);
        Assert.Equal(v3, await http.GetByteArrayAsync(new Uri(ApiPaths.Manifest(Digest.Compute(v3)), UriKind.Relative)));
        // Both attempts crossed the network.
        Assert.True(sent > v3.Length / 20, $"{sent} B sent");
    }

    [Fact]
    public async Task AHeldManifestTheCallerMayNotRead_GetsTheFullPayload_WhileAnAdminGetsADelta()
    {
        var open = await HubHost.StartAsync();
        var source = _temp.Combine("source");
        await PushVersionsAsync(open.Environment(), source, "private/mfdelta");
        (await Infrastructure.Cli.RunAsync(open.Environment(), "push", "-t", "public/mfdelta:v2", source)).AssertSuccess();
        var (work, _) = await open.StopAsync();
        var config = work.Combine("auth.yaml");
        await File.WriteAllTextAsync(config, AuthHubFixture.Config);
        await using var hub = await HubHost.StartAsync(work, options: ["--auth-config", config]);

        using var anonymous = new HttpClient { BaseAddress = hub.Url };
        using var admin = new HttpClient { BaseAddress = hub.Url };
        admin.DefaultRequestHeaders.Authorization = AuthHubFixture.Basic("alice");
        var (privateV1, _) = await ManifestAsync(admin, "private/mfdelta", "v1", have: null);
        // public/mfdelta:v2 differs from private/mfdelta:v1 as v2 does from v1.
        var (_, full) = await ManifestAsync(anonymous, "public/mfdelta", "v2", have: null);
        var (_, refused) = await ManifestAsync(anonymous, "public/mfdelta", "v2", have: privateV1);
        var (_, allowed) = await ManifestAsync(admin, "public/mfdelta", "v2", have: privateV1);

        Assert.Equal(full, refused);
        Assert.True(BlockDelta.IsDelta(allowed));
        Assert.True(allowed.Length * 10 < full.Length);
    }

    // v1: a few hundred small files (about 40 blocks); v2 changes three of them. Pushed as a producer does, to a tag that moves (the
    // first target: the previous version a push sends its manifest against) and one per version. Returns each --json.
    private static async Task<(System.Text.Json.JsonElement V1, System.Text.Json.JsonElement V2)> PushVersionsAsync(IReadOnlyDictionary<string, string> env, string source, string name)
    {
        var modified = new DateTime(2026, 11, 30, 0, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < Files; i++)
        {
            TreeBuilder.WriteFile(source, $"data/part-{i:D4}.bin", TreeBuilder.RandomBytes(4096 + (i * 37 % 4096), i), modified: modified.AddSeconds(i));
        }

        TreeBuilder.WriteFile(source, "README.md", "# parts\n"u8.ToArray(), modified: modified);
        var v1 = (await Infrastructure.Cli.RunAsync(env, "push", "-t", $"{name}:live", "-t", $"{name}:v1", source, "--json")).AssertSuccess().Json();
        foreach (var i in new[] { 17, 150, 299 })
        {
            TreeBuilder.WriteFile(source, $"data/part-{i:D4}.bin", TreeBuilder.RandomBytes(4096 + (i * 37 % 4096), i + Files), modified: modified.AddDays(1));
        }

        var v2 = (await Infrastructure.Cli.RunAsync(env, "push", "-t", $"{name}:live", "-t", $"{name}:v2", source, "--json")).AssertSuccess().Json();
        return (v1, v2);
    }

    // GET of a manifest by tag as a block payload, naming a held manifest or none: the digest and the body as sent.
    private static async Task<(string Digest, byte[] Body)> ManifestAsync(HttpClient http, string name, string tag, string? have)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, ApiPaths.DatasetManifest(name, tag));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(BlockPayload.MediaType));
        if (have is not null)
        {
            request.Headers.TryAddWithoutValidation(ApiPaths.HaveManifestHeader, have);
        }

        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(BlockPayload.MediaType, response.Content.Headers.ContentType?.MediaType);
        return (response.Headers.GetValues(ApiPaths.ManifestDigestHeader).Single(), await response.Content.ReadAsByteArrayAsync());
    }

    private static async Task<byte[]> CanonicalAsync(HttpClient http, string name, string tag)
    {
        var (digest, body) = await ManifestAsync(http, name, tag, have: null);
        using var manifest = BlockPayload.Decode(body, Digest.HexPart(digest), maxRawLength: ApiPaths.MaxManifestBytes);
        return manifest.Memory.ToArray();
    }

    private static async Task<HttpResponseMessage> PutPayloadAsync(HttpClient http, string digest, byte[] payload)
    {
        var content = new ByteArrayContent(payload);
        content.Headers.ContentType = new MediaTypeHeaderValue(BlockPayload.MediaType);
        return await http.PutAsync(new Uri(ApiPaths.Manifest(digest), UriKind.Relative), content);
    }

    private static async Task AssertRefusedAsync(HttpClient http, string digest, byte[] payload, string reason)
    {
        using var response = await PutPayloadAsync(http, digest, payload);
        var problem = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{response.StatusCode}: {problem}");
        Assert.Contains(reason, problem, StringComparison.Ordinal);
        using var head = new HttpRequestMessage(HttpMethod.Head, ApiPaths.Manifest(digest));
        using var stored = await http.SendAsync(head);
        Assert.Equal(HttpStatusCode.NotFound, stored.StatusCode);
    }
}
