using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AetherFS.Agent;
using AetherFS.Client.Hub;
using AetherFS.Client.Peers;
using AetherFS.Core.Blocks;
using AetherFS.Core.Packs;
using AetherFS.IntegrationTests.Agent;
using AetherFS.IntegrationTests.Infrastructure;

namespace AetherFS.IntegrationTests.Peers;

/// <summary>
/// Agents that list each other share blocks: real agents in this process on loopback ports, a real hub, the CLI
/// pushing. Each block leaves the hub about once per cluster; a peer without the token is refused; a peer that is down
/// or serves bad bytes is set aside and nothing wrong is written; with the hub's blocks out of reach, an agent
/// finishes from a peer that holds the version.
/// </summary>
public sealed class PeerSharingTests : IAsyncLifetime
{
    private const string Token = "peer-sharing-test-token-0123456789";
    private readonly TempDirectory _work = new();
    private readonly AgentDatasets _data;
    private HubHost _hub = null!;

    public PeerSharingTests() => _data = new AgentDatasets(_work);

    public async Task InitializeAsync() => _hub = await HubHost.StartAsync();

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        _work.Dispose();
    }

    [Fact]
    public async Task APeerWithoutTheClusterToken_IsRefused401_AndOneWithIt_GetsVerifiedBlocks()
    {
        var source = _data.Random("token", 300_000, seed: 3);
        var digest = await AgentDatasets.PushAsync(_hub, source, "peers/token:v1");
        var dir = _work.Combine("synced");
        await using var agent = await AgentHost.StartAsync(_hub, _work.Combine("cache"), "--sync", $"peers/token:v1={dir}", "--peers", $"http://127.0.0.1:{FreePorts.Take(1)[0]}", "--peer-token-file", TokenFile());
        await agent.WaitForAsync(async () => (await agent.SubscriptionAsync()).GetProperty("syncs").GetInt32() == 1, "first sync");
        using var hub = new HubClient(_hub.Url);
        var blocks = (await hub.GetManifestAsync("peers/token", digest, CancellationToken.None)).Manifest.Blocks;
        using var http = new HttpClient { BaseAddress = agent.Url, Timeout = TimeSpan.FromSeconds(10) };

        Assert.Equal(HttpStatusCode.Unauthorized, (await AskAsync(http, blocks, null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await AskAsync(http, blocks, "wrong-token-of-the-right-length-00")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await AskAsync(http, blocks, Token + "x")).StatusCode);
        using var answer = await AskAsync(http, blocks, Token);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var records = await ReadRecordsAsync(await answer.Content.ReadAsByteArrayAsync());
        Assert.Equal(blocks.Select(b => b.Signature).Order(), records.Keys.Order());
        foreach (var block in blocks)
        {
            using var decoded = BlockPayload.Decode(records[block.Signature], block.Signature, block.Size);
        }
    }

    [Theory]
    [InlineData("too many")]
    [InlineData("too large")]
    [InlineData("bad signature")]
    [InlineData("bad size")]
    [InlineData("not json")]
    [InlineData("empty")]
    public async Task ABadPeerRequest_Is400_AndFetchesNothing(string what)
    {
        var dir = _work.Combine("synced");
        await using var agent = await AgentHost.StartAsync(_hub, _work.Combine("cache"), "--sync", $"peers/bad:v1={dir}", "--peers", $"http://127.0.0.1:{FreePorts.Take(1)[0]}", "--peer-token-file", TokenFile());
        var signature = new string('a', 64);
        var body = what switch
        {
            "too many" => Json(Enumerable.Repeat(signature, PeerProtocol.MaxBlocks + 1), 100),
            "too large" => Json(Enumerable.Repeat(signature, 200), 100) + new string(' ', PeerProtocol.MaxRequestBytes),
            "bad signature" => Json(["ABC"], 100),
            "bad size" => Json([signature], 0),
            "not json" => "{\"blocks\": [",
            _ => Json([], 100),
        };
        using var http = new HttpClient { BaseAddress = agent.Url, Timeout = TimeSpan.FromSeconds(10) };
        using var request = new HttpRequestMessage(HttpMethod.Post, PeerProtocol.BlocksPath) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, (await agent.HealthAsync()).Body.GetProperty("cacheBytes").GetInt64());

        static string Json(IEnumerable<string> signatures, int size) =>
            JsonSerializer.Serialize(new { blocks = signatures.Select(s => new { signature = s, size }) });
    }

    [Fact]
    public async Task APeerThatIsDownOrServesBadBytes_IsSetAside_AndTheSyncFinishesFromTheHub_WithNothingWrongWritten()
    {
        var source = _data.Tree("poison", files: 6, seed: 7);
        await AgentDatasets.PushAsync(_hub, source, "peers/poison:v1");
        await using var corrupt = await CorruptPeer.StartAsync();
        var down = new Uri($"http://127.0.0.1:{FreePorts.Take(1)[0]}/");
        var dir = _work.Combine("synced");

        await using var agent = await AgentHost.StartAsync(_hub, _work.Combine("cache"), "--sync", $"peers/poison:v1={dir}", "--peers", $"{corrupt.Url},{down}", "--peer-token-file", TokenFile());
        await agent.WaitForAsync(async () => (await agent.SubscriptionAsync()).GetProperty("syncs").GetInt32() == 1, "sync despite the bad peers");

        TreeAssert.Equal(source, Path.Join(dir, "current"));
        var health = (await agent.HealthAsync()).Body;
        Assert.Equal("serve", health.GetProperty("peerMode").GetString());
        var states = health.GetProperty("peers").EnumerateArray().ToDictionary(p => p.GetProperty("url").GetString()!, p => p.GetProperty("state").GetString());
        Assert.Equal("set_aside", states[corrupt.Url.AbsoluteUri]);
        Assert.Equal("set_aside", states[down.AbsoluteUri]);
        Assert.Equal(0, (await agent.SubscriptionAsync()).GetProperty("blocksFromPeers").GetInt64());
        Assert.Equal(1, corrupt.Requests);
    }

    [Fact]
    public async Task WithTheHubsBlocksOutOfReach_AnAgentFinishes_FromAPeerThatHoldsTheVersion()
    {
        var source = _data.Tree("airgap", files: 8, seed: 11);
        await AgentDatasets.PushAsync(_hub, source, "peers/airgap:v1");
        var ports = FreePorts.Take(2);
        var peers = string.Join(",", ports.Select(p => $"http://127.0.0.1:{p}"));
        await using var holder = await AgentHost.StartAsync(_hub, _work.Combine("cache-a"), "--port", ports[0].ToString(System.Globalization.CultureInfo.InvariantCulture), "--sync", $"peers/airgap:v1={_work.Combine("a")}", "--peers", peers, "--peer-token-file", TokenFile());
        await holder.WaitForAsync(async () => (await holder.SubscriptionAsync()).GetProperty("syncs").GetInt32() == 1, "the first agent holds the version");

        // The second agent's hub answers tags and manifests, but every block request fails, as a hub that went down would.
        await using var noBlocks = await Http11Proxy.StartAsync(_hub.Url, request => request.Path.StartsWithSegments("/api/v1/blocks"));
        var dir = _work.Combine("b");
        await using var agent = await AgentHost.StartAsync(_hub, _work.Combine("cache-b"), "--hub", noBlocks.Url.ToString(), "--port", ports[1].ToString(System.Globalization.CultureInfo.InvariantCulture), "--sync", $"peers/airgap:v1={dir}", "--peers", peers, "--peer-token-file", TokenFile());
        await agent.WaitForAsync(async () => (await agent.SubscriptionAsync()).GetProperty("syncs").GetInt32() == 1, "sync from the peer", TimeSpan.FromSeconds(60));

        TreeAssert.Equal(source, Path.Join(dir, "current"));
        var status = await agent.SubscriptionAsync();
        Assert.Equal(0, status.GetProperty("blocksDownloaded").GetInt64());
        Assert.True(status.GetProperty("blocksFromPeers").GetInt64() > 0);
    }

    [Fact]
    public async Task AFetchOnlyAgent_FindingPeersByDns_TakesEveryBlockFromThem_AndServesNone()
    {
        var source = _data.Tree("dns", files: 6, seed: 13);
        await AgentDatasets.PushAsync(_hub, source, "peers/dns:v1");
        await using var holder = await AgentHost.StartAsync(_hub, _work.Combine("cache-a"), "--sync", $"peers/dns:v1={_work.Combine("a")}", "--peers", $"http://127.0.0.1:{FreePorts.Take(1)[0]}", "--peer-token-file", TokenFile());
        await holder.WaitForAsync(async () => (await holder.SubscriptionAsync()).GetProperty("syncs").GetInt32() == 1, "the first agent holds the version");
        var dir = _work.Combine("b");

        // localhost names the holder's port on every address it resolves to (as a headless service names its pods).
        await using var agent = await AgentHost.StartAsync(_hub, _work.Combine("cache-b"), "--sync", $"peers/dns:v1={dir}", "--peers-dns", $"localhost:{holder.Port}", "--peer-token-file", TokenFile(), "--peer-mode", "fetch-only");
        await agent.WaitForAsync(async () => (await agent.SubscriptionAsync()).GetProperty("syncs").GetInt32() == 1, "sync from the peer");

        TreeAssert.Equal(source, Path.Join(dir, "current"));
        var status = await agent.SubscriptionAsync();
        Assert.Equal(0, status.GetProperty("blocksDownloaded").GetInt64());
        Assert.True(status.GetProperty("blocksFromPeers").GetInt64() > 0);
        var health = (await agent.HealthAsync()).Body;
        Assert.Equal("fetch-only", health.GetProperty("peerMode").GetString());
        Assert.Contains(health.GetProperty("peers").EnumerateArray(), p => p.GetProperty("url").GetString() == $"http://127.0.0.1:{holder.Port}/" && p.GetProperty("state").GetString() == "live");
        using var hub = new HubClient(_hub.Url);
        var blocks = (await hub.GetManifestAsync("peers/dns", "v1", CancellationToken.None)).Manifest.Blocks;
        using var http = new HttpClient { BaseAddress = agent.Url, Timeout = TimeSpan.FromSeconds(10) };
        using var refused = await AskAsync(http, blocks, Token);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
    }

    private static async Task<HttpResponseMessage> AskAsync(HttpClient agent, IReadOnlyList<Core.Manifests.BlockRef> blocks, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, PeerProtocol.BlocksPath)
        {
            Content = JsonContent.Create(new { blocks = blocks.Select(b => new { signature = b.Signature, size = b.Size }) }),
        };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await agent.SendAsync(request);
    }

    private static Task<Dictionary<string, byte[]>> ReadRecordsAsync(byte[] body)
    {
        var records = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var offset = 0;
        while (offset < body.Length)
        {
            var (key, length) = PackFormat.ReadRecordHeader(body.AsSpan(offset, PackFormat.RecordHeaderSize));
            offset += PackFormat.RecordHeaderSize;
            records.Add(key.ToString(), body[offset..(offset + length)]);
            offset += length;
        }

        return Task.FromResult(records);
    }

    private string TokenFile()
    {
        var path = _work.Combine("peer-token");
        File.WriteAllText(path, Token + "\n");
        return path;
    }
}
