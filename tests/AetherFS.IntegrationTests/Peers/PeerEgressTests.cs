using System.Globalization;
using AetherFS.IntegrationTests.Agent;
using AetherFS.IntegrationTests.Infrastructure;
using AetherFS.IntegrationTests.Metrics;

namespace AetherFS.IntegrationTests.Peers;

/// <summary>
/// The point of peer sharing, measured on a real hub's own counter: three agents that list each other sync one
/// version, and its blocks leave the hub about once, not three times; so do the new blocks of a v2 that changes a
/// tenth of it. Reads process-wide metrics, so it runs alone.
/// </summary>
[Collection(MetricsCollection.Name)]
public sealed class PeerEgressTests : IAsyncLifetime
{
    private const int DatasetBytes = 4_000_000;
    private const string Token = "peer-egress-test-token-0123456789";
    private readonly TempDirectory _work = new();
    private HubHost _hub = null!;

    public async Task InitializeAsync() => _hub = await HubHost.StartAsync();

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        _work.Dispose();
    }

    [Fact]
    public async Task ThreeAgentsSyncingOneVersion_TakeItsBlocksFromTheHubAboutOnce()
    {
        var tokenFile = _work.Combine("token");
        File.WriteAllText(tokenFile, Token);
        var ports = FreePorts.Take(3);
        var peers = string.Join(",", ports.Select(p => $"http://127.0.0.1:{p}"));
        // Every agent is up and following the tag before it exists, so all three sync the version at the same time.
        var agents = await Task.WhenAll(ports.Select((port, i) => AgentHost.StartAsync(
            _hub, _work.Combine($"cache-{i}"), "--port", port.ToString(CultureInfo.InvariantCulture), "--sync", $"peers/fanout:v1={_work.Combine($"synced-{i}")}", "--peers", peers, "--peer-token-file", tokenFile)));
        try
        {
            var before = await PrometheusText.ScrapeAsync(_hub.Url);
            var source = new AgentDatasets(_work).Random("fanout", DatasetBytes, seed: 21);
            await AgentDatasets.PushAsync(_hub, source, "peers/fanout:v1");
            foreach (var agent in agents)
            {
                await agent.WaitForAsync(async () => (await agent.SubscriptionAsync()).GetProperty("syncs").GetInt32() == 1, "sync", TimeSpan.FromSeconds(60));
            }

            var after = await PrometheusText.ScrapeAsync(_hub.Url);
            var egress = after.Sum("aetherfs_hub_served_bytes_total", ("kind", "block")) - before.Sum("aetherfs_hub_served_bytes_total", ("kind", "block"));

            // Random bytes do not compress: the version's payloads are its size plus a few header bytes per block.
            Assert.True(egress >= DatasetBytes, $"the hub served {egress} block bytes, less than the version");
            Assert.True(egress <= 1.1 * DatasetBytes, $"the hub served {egress / DatasetBytes:F2}x the version's bytes to 3 agents (without peers: 3x)");
            for (var i = 0; i < agents.Length; i++)
            {
                TreeAssert.Equal(source, _work.Combine($"synced-{i}", "current"));
            }

            var fromPeers = 0L;
            foreach (var agent in agents)
            {
                fromPeers += (await agent.SubscriptionAsync()).GetProperty("blocksFromPeers").GetInt64();
            }

            Assert.True(fromPeers > 0, "blocks travelled between agents");

            // v2 rewrites the middle tenth of the file: its new blocks leave the hub about once too.
            var v2 = _work.Combine("fanout-v2");
            Directory.CreateDirectory(v2);
            var bytes = File.ReadAllBytes(Path.Join(source, "data.bin"));
            TreeBuilder.RandomBytes(DatasetBytes / 10, seed: 22).CopyTo(bytes, DatasetBytes / 2);
            File.WriteAllBytes(Path.Join(v2, "data.bin"), bytes);
            var v1Digest = (await agents[0].SubscriptionAsync()).GetProperty("digest").GetString();
            before = await PrometheusText.ScrapeAsync(_hub.Url);
            await AgentDatasets.PushAsync(_hub, v2, "peers/fanout:v1");
            foreach (var agent in agents)
            {
                await agent.WaitForAsync(async () => (await agent.SubscriptionAsync()).GetProperty("syncs").GetInt32() == 2, "sync of v2", TimeSpan.FromSeconds(60));
            }

            after = await PrometheusText.ScrapeAsync(_hub.Url);
            var egress2 = after.Sum("aetherfs_hub_served_bytes_total", ("kind", "block")) - before.Sum("aetherfs_hub_served_bytes_total", ("kind", "block"));
            var compare = (await Infrastructure.Cli.RunAsync(_hub.Environment(), "inspect", "peers/fanout:v1", "--compare", "peers/fanout@" + v1Digest, "--json")).AssertSuccess().Json();
            var newBytes = compare.GetProperty("comparedWith").GetProperty("newSentBytes").GetInt64();
            Assert.True(egress2 >= newBytes / 2 && egress2 <= 1.1 * newBytes, $"the hub served {egress2} block bytes for v2, whose new blocks are {newBytes} bytes (without peers: 3x)");
            for (var i = 0; i < agents.Length; i++)
            {
                TreeAssert.Equal(v2, _work.Combine($"synced-{i}", "current"));
            }

            foreach (var agent in agents)
            {
                // The unchanged nine tenths came from each agent's own cache: bytes by source, per subscription.
                Assert.True((await agent.SubscriptionAsync()).GetProperty("bytesFromCache").GetInt64() >= DatasetBytes / 2);
            }
            var agentMetrics = await PrometheusText.ScrapeAsync(agents[0].Url);
            Assert.Equal(0, agentMetrics.Sum("aetherfs_agent_peer_verify_failures_total"));
            // The gauge adds up the agents of this process: each has learned which address in the list is its own.
            Assert.Equal(3, agentMetrics.Sum("aetherfs_agent_peers", ("state", "self")));
            Assert.True(agentMetrics.Sum("aetherfs_agent_block_bytes_total", ("source", "peer")) > 0);
            Assert.True(agentMetrics.Sum("aetherfs_agent_served_bytes_total", ("kind", "block")) > 0);
        }
        finally
        {
            foreach (var agent in agents)
            {
                await agent.DisposeAsync();
            }
        }
    }
}
