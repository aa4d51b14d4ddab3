using System.Text.Json;
using AetherFS.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using AetherFS.Testing;

namespace AetherFS.IntegrationTests.Agent;

/// <summary>The agent against a hub: syncing, swapping, surviving a hub outage, keeping its cache budget (kills and signals: Processes/AgentSignalTests).</summary>
public sealed class AgentSyncTests : IAsyncLifetime
{
    private readonly TempDirectory _work = new();
    private readonly AgentDatasets _data;
    private HubHost _hub = null!;

    public AgentSyncTests() => _data = new AgentDatasets(_work);

    public async Task InitializeAsync() => _hub = await HubHost.StartAsync();

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        _work.Dispose();
    }

    [Fact]
    public async Task NewVersion_IsSwappedInWithinSeconds_FetchingOnlyTheBlocksV1Lacked()
    {
        var v1 = _data.Tree("v1", files: 20, seed: 1);
        await PushAsync(v1, "agent/swap:stable");
        var dir = _work.Combine("synced");
        await using var agent = await AgentHost.StartAsync(_hub, _work.Combine("cache"), "--sync", $"agent/swap:stable={dir}");
        // The status is updated just after the swap: wait for it, not for the files.
        await agent.WaitForAsync(async () => (await agent.SubscriptionAsync()).GetProperty("syncs").GetInt32() == 1, "first sync");
        TreeAssert.Equal(v1, Path.Join(dir, "current"));
        var first = await agent.SubscriptionAsync();

        // v2 changes one file of twenty.
        var v2 = _data.Tree("v2", files: 20, seed: 1);
        File.WriteAllBytes(Path.Join(v2, "f7.bin"), TreeBuilder.RandomBytes(100_000, seed: 99));
        var digest = await PushAsync(v2, "agent/swap:stable");
        var compare = (await Infrastructure.Cli.RunAsync(_hub.Environment(), "inspect", "agent/swap:stable", "--compare", "agent/swap@" + first.GetProperty("digest").GetString(), "--json")).AssertSuccess().Json();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await agent.WaitForAsync(async () => (await agent.SubscriptionAsync()).GetProperty("digest").GetString() == digest, "swap to v2", TimeSpan.FromSeconds(20));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"swap took {clock.Elapsed}");
        TreeAssert.Equal(v2, Path.Join(dir, "current"));
        var second = await agent.SubscriptionAsync();
        var downloaded = second.GetProperty("blocksDownloaded").GetInt64() - first.GetProperty("blocksDownloaded").GetInt64();
        Assert.Equal(compare.GetProperty("comparedWith").GetProperty("newBlocks").GetInt64(), downloaded);
        Assert.True(Directory.Exists(Path.Join(dir, "versions", first.GetProperty("digest").GetString()![7..])), "the previous version is kept for rollback");
    }

    [Fact]
    public async Task HubOutage_AgentKeepsServingReportsDegraded_AndCatchesUp()
    {
        var v1 = _data.Tree("v1", files: 3, seed: 4);
        await PushAsync(v1, "agent/outage:stable");
        var dir = _work.Combine("synced");
        // The agent's clock is the test's, so its backoff (up to 30 s between attempts) passes when the test says.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var agent = await AgentHost.StartAsync(_hub, _work.Combine("cache"), clock, "--sync", $"agent/outage:stable={dir}");
        await agent.WaitForAsync(() => Task.FromResult(File.Exists(Path.Join(dir, "current", "f0.bin"))), "first sync");

        var (storage, port) = await _hub.StopAsync();
        await agent.WaitForAsync(async () => (await agent.HealthAsync()).Status == 503, "degraded health");
        TreeAssert.Equal(v1, Path.Join(dir, "current"));
        using var http = new HttpClient { BaseAddress = agent.Url };
        Assert.Equal(File.ReadAllBytes(Path.Join(v1, "f1.bin")), await http.GetByteArrayAsync(new Uri("fs/agent/outage/stable/f1.bin", UriKind.Relative)));

        _hub = await HubHost.StartAsync(storage, port);
        await agent.WaitForAsync(
            async () =>
            {
                clock.Advance(TimeSpan.FromSeconds(30));
                return (await agent.HealthAsync()).Status == 200;
            },
            "healthy again");
        var v2 = _data.Tree("v2", files: 4, seed: 5);
        var digest = await PushAsync(v2, "agent/outage:stable");
        await agent.WaitForAsync(async () => (await agent.SubscriptionAsync()).GetProperty("digest").GetString() == digest, "catch up with v2");
        TreeAssert.Equal(v2, Path.Join(dir, "current"));
    }

    [Fact]
    public async Task CacheBudget_HoldsUnderChurn()
    {
        var dir = _work.Combine("synced");
        var cache = _work.Combine("cache");
        const long Budget = 2 * 1024 * 1024;
        const int VersionBytes = 1024 * 1024;
        await PushAsync(_data.Random("r0", VersionBytes, 10), "agent/churn:stable", "--compression-level", "0");
        await using var agent = await AgentHost.StartAsync(_hub, cache, "--sync", $"agent/churn:stable={dir}", "--cache-size", "2MiB");
        for (var round = 1; round <= 6; round++)
        {
            var digest = await PushAsync(_data.Random($"r{round}", VersionBytes, 10 + round), "agent/churn:stable", "--compression-level", "0");
            await agent.WaitForAsync(async () => (await agent.SubscriptionAsync()).GetProperty("digest").GetString() == digest, $"round {round}");
        }

        var onDisk = CacheContents.Bytes(cache);
        // Within the budget, except that the current and previous versions' blocks are pinned beyond it.
        Assert.True(onDisk <= Budget + (2 * (VersionBytes + 64 * 1024)), $"{onDisk} bytes cached");
        Assert.True(onDisk < 7 * VersionBytes, "older versions' blocks were evicted");
    }

    private Task<string> PushAsync(string source, string target, params string[] extra) => AgentDatasets.PushAsync(_hub, source, target, extra);
}
