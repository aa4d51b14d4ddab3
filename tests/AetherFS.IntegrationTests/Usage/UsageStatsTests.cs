using System.Net;
using System.Text.Json;
using AetherFS.Hub.Usage;
using AetherFS.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AetherFS.IntegrationTests.Usage;

/// <summary>
/// Usage statistics without a database: hubs record pulls per dataset, tag and hour into the store, several hubs on
/// one store add up, and <c>aetherfs stats</c> reports pulls, clients, stale tags and what each version holds.
/// </summary>
public sealed class UsageStatsTests : IDisposable
{
    private const string Dataset = "stats/vision";

    // Files of at least the minimum block size start a block, so each file's blocks are its own: sizes are exact.
    private const int SharedSize = 300_000;
    private const int OneSize = 200_000;
    private const int TwoSize = 250_000;

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Stats_FromTwoHubsOnOneStore_AddUp_PerTagAndPerDay()
    {
        // Late evening UTC, so two hours later is another day.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow.Date.AddHours(-1.5));
        var store = new TempDirectory();
        var first = await HubHost.StartAsync(work: store, time: clock);
        var second = await HubHost.StartAsync(work: store, time: clock);
        try
        {
            await PushVersionsAsync(first);
            await PullAsync(first, "v1");
            await PullAsync(first, "v1");
            await PullAsync(second, "v2");
            await PullAsync(second, "sha256:" + new string('0', 64), expectSuccess: false);

            clock.Advance(TimeSpan.FromHours(2));
            await PullAsync(second, "v1");

            // The first hub writes at shutdown; the second on its minute timer.
            await first.StopAsync();
            clock.Advance(TimeSpan.FromMinutes(1));
            await Eventually.HoldsAsync(
                async () => (await StatsAsync(second)).GetProperty("pulls").GetInt64() == 4,
                "the second hub's flush to show 4 pulls",
                () => second.Output);

            var stats = await StatsAsync(second);
            var tags = stats.GetProperty("tags").EnumerateArray().ToDictionary(t => t.GetProperty("tag").GetString()!);
            Assert.Equal(3, tags["v1"].GetProperty("pulls").GetInt64());
            Assert.Equal(1, tags["v2"].GetProperty("pulls").GetInt64());
            Assert.Equal(0, tags["v3"].GetProperty("pulls").GetInt64());
            Assert.True(tags["v3"].GetProperty("stale").GetBoolean());
            Assert.Equal(["v3"], stats.GetProperty("staleTags").EnumerateArray().Select(t => t.GetString()));

            // One machine, anonymous, through two hubs: one client, because both hubs hash with the store's key.
            Assert.Equal(1, stats.GetProperty("clients").GetInt32());
            Assert.Equal(1, tags["v1"].GetProperty("clients").GetInt32());
            Assert.True(tags["v1"].GetProperty("bytesServed").GetInt64() > 0);

            var days = stats.GetProperty("days").EnumerateArray().ToList();
            Assert.Equal(2, days.Count);
            Assert.Equal(3, days[0].GetProperty("pulls").GetInt64());
            Assert.Equal(2, days[0].GetProperty("pullsByTag").GetProperty("v1").GetInt64());
            Assert.Equal(1, days[1].GetProperty("pulls").GetInt64());
            Assert.Equal(1, days[1].GetProperty("pullsByTag").GetProperty("v1").GetInt64());

            // Each hub wrote its own object for the first hour; neither overwrote the other's.
            var firstHour = Directory.GetFiles(Path.Join(store.Combine("store"), "usage", "stats", "vision"), "*.json", SearchOption.AllDirectories);
            Assert.Equal(3, firstHour.Length);
            Assert.DoesNotContain("127.0.0.1", string.Concat(firstHour.Select(File.ReadAllText)), StringComparison.Ordinal);
        }
        finally
        {
            await second.StopAsync();
            await first.DisposeAsync();
            store.Dispose();
        }
    }

    [Fact]
    public async Task Stats_Storage_CountsUniqueAndShared_AndFreesOnlyWhatNoOtherTagHolds()
    {
        await using var hub = await HubHost.StartAsync();
        await PushVersionsAsync(hub);

        var stats = (await Infrastructure.Cli.RunAsync(hub.Environment(), "stats", Dataset, "--json")).AssertSuccess().Json();

        var storage = stats.GetProperty("storage");
        Assert.Equal(3, storage.GetProperty("versions").GetInt32());
        Assert.Equal(SharedSize + OneSize + TwoSize, storage.GetProperty("totalBytes").GetInt64());
        Assert.Equal(SharedSize, storage.GetProperty("sharedBytes").GetInt64());
        Assert.Equal(OneSize + TwoSize, storage.GetProperty("uniqueBytes").GetInt64());
        var tags = stats.GetProperty("tags").EnumerateArray().ToDictionary(t => t.GetProperty("tag").GetString()!);
        Assert.Equal(OneSize, tags["v1"].GetProperty("uniqueBytes").GetInt64());
        Assert.Equal(OneSize, tags["v1"].GetProperty("freedIfDeleted").GetInt64());
        // v2's own file is also the whole of another dataset: deleting v2 frees nothing.
        Assert.Equal(TwoSize, tags["v2"].GetProperty("uniqueBytes").GetInt64());
        Assert.Equal(0, tags["v2"].GetProperty("freedIfDeleted").GetInt64());
        Assert.Equal(0, tags["v3"].GetProperty("uniqueBytes").GetInt64());

        // A second tag on v1's version: deleting either tag frees nothing.
        (await Infrastructure.Cli.RunAsync(hub.Environment(), "tag", $"{Dataset}:v1", $"{Dataset}:stable")).AssertSuccess();
        var retagged = (await Infrastructure.Cli.RunAsync(hub.Environment(), "stats", Dataset, "--json")).AssertSuccess().Json();
        var after = retagged.GetProperty("tags").EnumerateArray().ToDictionary(t => t.GetProperty("tag").GetString()!);
        Assert.Equal(0, after["v1"].GetProperty("freedIfDeleted").GetInt64());
        Assert.Equal(0, after["stable"].GetProperty("freedIfDeleted").GetInt64());
        Assert.Equal(OneSize, after["stable"].GetProperty("uniqueBytes").GetInt64());
    }

    [Fact]
    public async Task Stats_Text_ShowsTheTagTable_StaleTags_AndPullsPerDay()
    {
        await using var hub = await HubHost.StartAsync();
        await PushVersionsAsync(hub);
        await PullAsync(hub, "v2");
        await hub.Services.GetRequiredService<UsageFlusher>().FlushAsync(CancellationToken.None);

        var text = (await Infrastructure.Cli.RunAsync(hub.Environment(), "stats", Dataset, "--since", "7d")).AssertSuccess().StandardOutput;

        var lines = text.Split('\n');
        Assert.StartsWith($"{Dataset}: 1 pulls by 1 clients", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("TAG", StringComparison.Ordinal) && l.Contains("FREED IF DELETED", StringComparison.Ordinal));
        Assert.Matches(@"^v2\s+1\s+1\s+\S+ \S+\s+244.1 KiB\s+0 B$", lines.Single(l => l.StartsWith("v2 ", StringComparison.Ordinal)));
        Assert.EndsWith("stale", lines.Single(l => l.StartsWith("v1 ", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("stale tags (not pulled in the period): v1, v3", text, StringComparison.Ordinal);
        Assert.Matches(@"\n\d{4}-\d\d-\d\d\s+1\s+1\s+\S+ \S+\s+v2 1\n", text);
    }

    [Fact]
    public async Task Stats_BadInput_FailsWithOneLine()
    {
        await using var hub = await HubHost.StartAsync();
        await PushVersionsAsync(hub);

        (await Infrastructure.Cli.RunAsync(hub.Environment(), "stats", Dataset, "--since", "soon")).AssertFailedWithOneLine(2);
        (await Infrastructure.Cli.RunAsync(hub.Environment(), "stats", "no-such-dataset")).AssertFailedWithOneLine(3);
        using var http = new HttpClient { BaseAddress = hub.Url };
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync($"/api/v1/datasets/{Dataset}/-/stats?since=0d")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/api/v1/datasets/{Dataset}/-/stats")).StatusCode);
    }

    [Fact]
    public async Task GrpcLookup_CountsAsAPull_LikeRest()
    {
        await using var hub = await HubHost.StartAsync();
        await PushVersionsAsync(hub);
        using var grpc = new GrpcHub(hub.Url);

        await grpc.LookupAsync(Dataset, "v3").WaitAsync(TimeSpan.FromSeconds(30));
        await PullAsync(hub, "v3");
        await hub.Services.GetRequiredService<UsageFlusher>().FlushAsync(CancellationToken.None);

        var v3 = (await StatsAsync(hub)).GetProperty("tags").EnumerateArray().Single(t => t.GetProperty("tag").GetString() == "v3");
        Assert.Equal(2, v3.GetProperty("pulls").GetInt64());
        Assert.Equal(1, v3.GetProperty("clients").GetInt32());
    }

    [Fact]
    public async Task LsInspectAndTag_OnlyLook_AndAreNotPulls()
    {
        await using var hub = await HubHost.StartAsync();
        await PushVersionsAsync(hub);

        (await Infrastructure.Cli.RunAsync(hub.Environment(), "ls")).AssertSuccess();
        (await Infrastructure.Cli.RunAsync(hub.Environment(), "ls", Dataset)).AssertSuccess();
        (await Infrastructure.Cli.RunAsync(hub.Environment(), "inspect", $"{Dataset}:v1", "--compare", ":v2")).AssertSuccess();
        (await Infrastructure.Cli.RunAsync(hub.Environment(), "tag", $"{Dataset}:v1", $"{Dataset}:stable")).AssertSuccess();
        await hub.Services.GetRequiredService<UsageFlusher>().FlushAsync(CancellationToken.None);

        var stats = await StatsAsync(hub);
        Assert.Equal(0, stats.GetProperty("pulls").GetInt64());
        Assert.Empty(stats.GetProperty("days").EnumerateArray());
    }

    [Fact]
    public async Task NoUsageStats_RecordsNothing()
    {
        await using var hub = await HubHost.StartAsync(options: ["--no-usage-stats"]);
        await PushVersionsAsync(hub);
        await PullAsync(hub, "v1");
        var (work, _) = await hub.StopAsync();
        using (work)
        {
            Assert.False(Directory.Exists(Path.Join(work.Combine("store"), "usage")));
        }
    }

    // v1 = shared + one, v2 = shared + two, v3 = shared alone; another dataset holds two alone.
    private async Task PushVersionsAsync(IHub hub)
    {
        var shared = TreeBuilder.RandomBytes(SharedSize, seed: 1);
        var one = TreeBuilder.RandomBytes(OneSize, seed: 2);
        var two = TreeBuilder.RandomBytes(TwoSize, seed: 3);
        var root = _temp.Combine("src-" + Guid.NewGuid().ToString("N"));
        TreeBuilder.WriteFile(Path.Join(root, "v1"), "a-shared.bin", shared);
        TreeBuilder.WriteFile(Path.Join(root, "v1"), "b-one.bin", one);
        TreeBuilder.WriteFile(Path.Join(root, "v2"), "a-shared.bin", shared);
        TreeBuilder.WriteFile(Path.Join(root, "v2"), "c-two.bin", two);
        TreeBuilder.WriteFile(Path.Join(root, "v3"), "a-shared.bin", shared);
        TreeBuilder.WriteFile(Path.Join(root, "other"), "c-two.bin", two);
        foreach (var version in new[] { "v1", "v2", "v3" })
        {
            (await Infrastructure.Cli.RunAsync(hub.Environment(), "push", Path.Join(root, version), "-t", $"{Dataset}:{version}")).AssertSuccess();
        }

        (await Infrastructure.Cli.RunAsync(hub.Environment(), "push", Path.Join(root, "other"), "-t", "stats/other:v1")).AssertSuccess();
    }

    private async Task PullAsync(IHub hub, string tagOrDigest, bool expectSuccess = true)
    {
        var separator = tagOrDigest.StartsWith("sha256:", StringComparison.Ordinal) ? "@" : ":";
        var result = await Infrastructure.Cli.RunAsync(hub.Environment(), "pull", Dataset + separator + tagOrDigest, _temp.Combine("pulled-" + Guid.NewGuid().ToString("N")));
        if (expectSuccess)
        {
            result.AssertSuccess();
        }
    }

    private static async Task<JsonElement> StatsAsync(IHub hub) =>
        (await Infrastructure.Cli.RunAsync(hub.Environment(), "stats", Dataset, "--json")).AssertSuccess().Json();
}
