using AetherFS.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace AetherFS.IntegrationTests.Metrics;

/// <summary>
/// <c>aetherfs_agent_sync_lag_seconds</c> is the number to alert on: it must rise while a subscription's tag names a
/// version the agent cannot get, and fall to 0 once it has it. The hub is made unable to serve the new version by
/// deleting its packs before the tag moves to it, and the agent's clock is a fake one, so the lag is exact.
/// </summary>
[Collection(MetricsCollection.Name)]
public sealed class SyncLagTests : IAsyncLifetime
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
    public async Task SyncLag_RisesWhileTheTagNamesAVersionTheAgentCannotGet()
    {
        var env = _hub.Environment();
        var v1 = _work.Combine("v1");
        TreeBuilder.WriteFile(v1, "data.bin", TreeBuilder.RandomBytes(200_000, 11));
        (await Infrastructure.Cli.RunAsync(env, "push", "-t", "lag/data:stable", v1)).AssertSuccess();

        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var agent = await AgentHost.StartAsync(_hub, _work.Combine("agent-cache"), time, "--sync", $"lag/data:stable={_work.Combine("synced")}");
        await agent.WaitForAsync(async () => (await agent.SubscriptionAsync()).GetProperty("syncs").GetInt32() == 1, "first sync");
        Assert.Equal(0, Lag(await PrometheusText.ScrapeAsync(agent.Url)));

        // v2 is pushed under another tag, then its packs are moved away: the hub keeps its manifest but cannot serve it.
        var packs = Path.Join(_hub.StoragePath, "packs");
        var before = Directory.GetFiles(packs, "*", SearchOption.AllDirectories).ToHashSet(StringComparer.Ordinal);
        var v2 = _work.Combine("v2");
        TreeBuilder.WriteFile(v2, "data.bin", TreeBuilder.RandomBytes(200_000, 12));
        (await Infrastructure.Cli.RunAsync(env, "push", "-t", "lag/data:next", v2)).AssertSuccess();
        var added = Directory.GetFiles(packs, "*", SearchOption.AllDirectories).Where(f => !before.Contains(f)).ToList();
        Assert.NotEmpty(added);
        var aside = _work.Combine("aside");
        Directory.CreateDirectory(aside);
        var moved = added.Select((file, i) => (From: file, To: Path.Join(aside, i.ToString(System.Globalization.CultureInfo.InvariantCulture)))).ToList();
        moved.ForEach(m => File.Move(m.From, m.To));

        (await Infrastructure.Cli.RunAsync(env, "tag", "lag/data:next", "lag/data:stable")).AssertSuccess();
        // The agent sees the move and starts a sync that cannot finish (its fetches retry on the agent's clock).
        await agent.WaitForAsync(async () => (await agent.SubscriptionAsync()).GetProperty("state").GetString() == "Syncing", "the sync of v2 starts");

        time.Advance(TimeSpan.FromSeconds(90));
        var lag = Lag(await PrometheusText.ScrapeAsync(agent.Url));
        Assert.True(lag >= 90, $"lag {lag} s after 90 s behind");

        // With v2's packs back, the agent catches up and the lag is 0 again.
        moved.ForEach(m => File.Move(m.To, m.From));
        await agent.WaitForAsync(
            async () =>
            {
                time.Advance(TimeSpan.FromMinutes(1));
                return (await agent.SubscriptionAsync()).GetProperty("syncs").GetInt32() == 2;
            },
            "the sync of v2 after its data returned");
        Assert.Equal(0, Lag(await PrometheusText.ScrapeAsync(agent.Url)));
    }

    private static double Lag(PrometheusText scrape) => scrape.Sum("aetherfs_agent_sync_lag_seconds", ("subscription", "0"));
}
