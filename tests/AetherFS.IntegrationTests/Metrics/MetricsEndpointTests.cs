using AetherFS.IntegrationTests.Infrastructure;

namespace AetherFS.IntegrationTests.Metrics;

/// <summary>
/// <c>/metrics</c> on a hub and an agent after real traffic (push, pull, agent sync, gc): valid by Prometheus' own
/// checker, every name in the golden list, and counters that move with what the users did.
/// </summary>
[Collection(MetricsCollection.Name)]
public sealed class MetricsEndpointTests : IAsyncLifetime
{
    private readonly TempDirectory _work = new();
    private HubHost _hub = null!;

    public async Task InitializeAsync() => _hub = await HubHost.StartAsync();

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        _work.Dispose();
    }

    [Fact]
    public async Task HubAndAgentMetrics_AfterPushPullSyncAndGc_PassPromtool_AndCountersMove()
    {
        var before = await PrometheusText.ScrapeAsync(_hub.Url);
        var source = _work.Combine("src");
        TreeBuilder.WriteFile(source, "a.bin", TreeBuilder.RandomBytes(400_000, 1));
        TreeBuilder.WriteFile(source, "b.txt", "metrics"u8.ToArray());
        (await Infrastructure.Cli.RunAsync(_hub.Environment(), "push", "-t", "metrics/data:v1", source)).AssertSuccess();
        (await Infrastructure.Cli.RunAsync(_hub.Environment(), "pull", "metrics/data:v1", _work.Combine("pulled"))).AssertSuccess();
        await using var agent = await AgentHost.StartAsync(_hub, _work.Combine("agent-cache"), "--sync", $"metrics/data:v1={_work.Combine("synced")}");
        await agent.WaitForAsync(async () => (await agent.SubscriptionAsync()).GetProperty("syncs").GetInt32() == 1, "first sync");
        using (var http = new HttpClient { BaseAddress = agent.Url, Timeout = TimeSpan.FromSeconds(10) })
        {
            Assert.Equal("metrics"u8.ToArray(), await http.GetByteArrayAsync(new Uri("/fs/metrics/data/v1/b.txt", UriKind.Relative)));
        }

        (await Infrastructure.Cli.RunAsync(_hub.Environment(), "gc", "--dry-run")).AssertSuccess();

        var hub = await PrometheusText.ScrapeAsync(_hub.Url);
        var agentMetrics = await PrometheusText.ScrapeAsync(agent.Url);

        foreach (var scrape in new[] { hub, agentMetrics })
        {
            var (exit, output) = await Promtool.CheckMetricsAsync(scrape.Text);
            Assert.True(exit == 0, $"promtool check metrics exited {exit}: {output}\n{scrape.Text}");
        }

        Assert.True(MetricNames.Hub.Order(StringComparer.Ordinal).SequenceEqual(hub.Families("aetherfs_").Order(StringComparer.Ordinal)), hub.Text);
        Assert.True(MetricNames.Agent.Order(StringComparer.Ordinal).SequenceEqual(agentMetrics.Families("aetherfs_").Order(StringComparer.Ordinal)), agentMetrics.Text);

        // Static instruments are shared by every hub in this test process: assert on what this test added at least.
        Assert.True(Delta(before, hub, "aetherfs_hub_pushes_total") >= 1, "a push publishes a version");
        Assert.True(Delta(before, hub, "aetherfs_hub_push_duration_seconds_count") >= 1, "the push was timed from its first question to its tag");
        Assert.True(Delta(before, hub, "aetherfs_hub_pulls_total") >= 2, "the pull and the agent's sync fetch the manifest");
        Assert.True(Delta(before, hub, "aetherfs_hub_received_bytes_total", ("kind", "block")) >= 400_000 / 10, "the push's blocks arrived");
        Assert.True(Delta(before, hub, "aetherfs_hub_served_bytes_total", ("kind", "block")) > 0, "the pull's blocks were served");
        Assert.True(Delta(before, hub, "aetherfs_hub_requests_total", ("interface", "rest"), ("outcome", "2xx")) >= 3);
        Assert.True(Delta(before, hub, "aetherfs_hub_storage_operations_total", ("operation", "put"), ("outcome", "ok")) >= 2, "packs and the manifest were stored");
        Assert.True(Delta(before, hub, "aetherfs_hub_gc_runs_total", ("outcome", "ok")) >= 1);
        Assert.Equal(1, hub.Sum("aetherfs_hub_build_info"));

        Assert.Equal(1, agentMetrics.Sum("aetherfs_agent_syncs_total", ("outcome", "ok")));
        Assert.True(agentMetrics.Sum("aetherfs_agent_blocks_total", ("source", "hub")) >= 1);
        Assert.True(agentMetrics.Sum("aetherfs_agent_block_bytes_total", ("source", "hub")) > 0);
        Assert.True(agentMetrics.Has("aetherfs_agent_blocks_total", ("source", "peer")), "the peer series exists at 0 for dashboards");
        Assert.Equal(0, agentMetrics.Sum("aetherfs_agent_sync_lag_seconds", ("subscription", "0")));
        Assert.True(agentMetrics.Sum("aetherfs_agent_cache_size_bytes") > 0);
        // The gauges add up every agent of this process: an in-process agent of another test may still be stopping.
        Assert.True(agentMetrics.Sum("aetherfs_agent_cache_capacity_bytes") >= 10.0 * 1024 * 1024 * 1024, agentMetrics.Text);
        Assert.True(agentMetrics.Sum("aetherfs_agent_served_bytes_total", ("kind", "file")) >= 7);
        Assert.True(agentMetrics.Sum("aetherfs_agent_requests_total", ("interface", "fs"), ("outcome", "2xx")) >= 1);
    }

    [Fact]
    public async Task Metrics_FollowNoDatasetTagOrDigest_InAnyLabel()
    {
        var source = _work.Combine("labels");
        TreeBuilder.WriteFile(source, "x.txt", "label check"u8.ToArray());
        (await Infrastructure.Cli.RunAsync(_hub.Environment(), "push", "-t", "secret-name/labels:very-unique-tag", source)).AssertSuccess();
        (await Infrastructure.Cli.RunAsync(_hub.Environment(), "pull", "secret-name/labels:very-unique-tag", _work.Combine("labels-pulled"))).AssertSuccess();

        var text = (await PrometheusText.ScrapeAsync(_hub.Url)).Text;

        Assert.DoesNotContain("secret-name", text, StringComparison.Ordinal);
        Assert.DoesNotContain("very-unique-tag", text, StringComparison.Ordinal);
        Assert.DoesNotContain("sha256", text, StringComparison.Ordinal);
    }

    private static double Delta(PrometheusText before, PrometheusText after, string name, params (string, string)[] labels) =>
        after.Sum(name, labels) - before.Sum(name, labels);
}
