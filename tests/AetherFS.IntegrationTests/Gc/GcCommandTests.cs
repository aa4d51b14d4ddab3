using System.Text.Json;
using AetherFS.IntegrationTests.Infrastructure;

namespace AetherFS.IntegrationTests.Gc;

/// <summary><c>aetherfs gc</c> against a real hub of its own per test, so each test knows everything its store holds.</summary>
public sealed class GcCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Gc_AfterTagDeletion_ReclaimsExactlyTheBlocksOnlyTheDeletedVersionUsed_AndTheRestPullsIntact()
    {
        await using var hub = await HubHost.StartAsync();
        var env = hub.Environment();
        var (first, second) = (_temp.Combine("v1"), _temp.Combine("v2"));
        var shared = TreeBuilder.RandomBytes(3_000_000, 1);
        TreeBuilder.WriteFile(first, "shared.bin", shared);
        TreeBuilder.WriteFile(first, "gone.bin", TreeBuilder.RandomBytes(2_000_000, 2));
        TreeBuilder.WriteFile(second, "shared.bin", shared);
        TreeBuilder.WriteFile(second, "new.bin", TreeBuilder.RandomBytes(1_000_000, 3));
        (await Infrastructure.Cli.RunAsync(env, "push", "-t", "geo:v1", first)).AssertSuccess();
        // From another machine, with no cache: full blocks, so no block of v1 stays as the base of a delta.
        (await Infrastructure.Cli.RunAsync(hub.Environment(_temp.Combine("other-machine")), "push", "-t", "geo:v2", second)).AssertSuccess();
        var (old, current) = (await GcStore.BlocksOfAsync(hub, "geo", "v1"), await GcStore.BlocksOfAsync(hub, "geo", "v2"));
        var stored = GcStore.Blocks(hub);
        var expectedGone = old.Except(current).ToHashSet();
        Assert.Equal(old.Union(current).Order(), stored.Keys.Order());
        Assert.NotEmpty(expectedGone);
        Assert.NotEmpty(old.Intersect(current));

        (await Infrastructure.Cli.RunAsync(env, "rm", "geo:v1")).AssertSuccess();
        var dry = (await Infrastructure.Cli.RunAsync(env, "gc", "--dry-run", "--grace", "0s", "--max-unused", "0", "--json")).AssertSuccess().Json();
        Assert.Equal(stored.Keys.Order(), GcStore.Blocks(hub).Keys.Order());
        Assert.Equal(2, GcStore.Manifests(hub));
        var real = (await Infrastructure.Cli.RunAsync(env, "gc", "--grace", "0s", "--max-unused", "0", "--json")).AssertSuccess().Json();

        Assert.Equal(current.Order(), GcStore.Blocks(hub).Keys.Order());
        Assert.Equal(1, GcStore.Manifests(hub));
        Assert.True(dry.GetProperty("dryRun").GetBoolean());
        foreach (var report in new[] { dry, real })
        {
            var blocks = report.GetProperty("blocks");
            Assert.Equal(expectedGone.Count, blocks.GetProperty("deleted").GetInt64());
            Assert.Equal(expectedGone.Sum(s => stored[s]), blocks.GetProperty("deletedBytes").GetInt64());
            Assert.Equal(current.Count, blocks.GetProperty("referenced").GetInt64());
            Assert.Equal(1, report.GetProperty("manifests").GetProperty("deleted").GetInt64());
        }

        var destination = _temp.Combine("pulled");
        (await Infrastructure.Cli.RunAsync(hub.Environment(), "pull", "geo:v2", destination)).AssertSuccess();
        TreeAssert.Equal(second, destination);
        var text = (await Infrastructure.Cli.RunAsync(env, "gc", "--grace", "0s")).AssertSuccess().StandardOutput;
        Assert.Contains("deleted 0 manifests and 0 blocks", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gc_WithTheDefaultGrace_KeepsYoungUnreferencedBlocks()
    {
        await using var hub = await HubHost.StartAsync();
        var env = hub.Environment();
        var source = _temp.Combine("src");
        TreeBuilder.WriteFile(source, "data.bin", TreeBuilder.RandomBytes(500_000, 4));
        (await Infrastructure.Cli.RunAsync(env, "push", "-t", "young:v1", source)).AssertSuccess();
        (await Infrastructure.Cli.RunAsync(env, "rm", "young:v1")).AssertSuccess();
        var before = GcStore.Blocks(hub);

        var report = (await Infrastructure.Cli.RunAsync(env, "gc", "--json")).AssertSuccess().Json();

        Assert.Equal("1h", report.GetProperty("grace").GetString());
        Assert.Equal(0, report.GetProperty("blocks").GetProperty("deleted").GetInt64());
        Assert.Equal(1, report.GetProperty("manifests").GetProperty("young").GetInt64());
        Assert.Equal(before.Keys.Order(), GcStore.Blocks(hub).Keys.Order());
        var collected = (await Infrastructure.Cli.RunAsync(env, "gc", "--grace", "0s", "--json")).AssertSuccess().Json();
        Assert.Equal(before.Count, collected.GetProperty("blocks").GetProperty("deleted").GetInt64());
        Assert.Empty(GcStore.Blocks(hub));
    }

    [Fact]
    public async Task Gc_DuringAConcurrentPush_DeletesNoneOfItsBlocks()
    {
        await using var hub = await HubHost.StartAsync();
        var env = hub.Environment();
        var (half, full) = (_temp.Combine("half"), _temp.Combine("full"));
        var data = TreeBuilder.RandomBytes(40_000_000, 5);
        TreeBuilder.WriteFile(full, "big.bin", data);
        TreeBuilder.WriteFile(full, "small/one.txt", "one"u8.ToArray());
        TreeBuilder.WriteFile(half, "big.bin", data[..20_000_000]);
        (await Infrastructure.Cli.RunAsync(env, "push", "-t", "old:v1", half)).AssertSuccess();
        var groups = ClaimGroups(hub);

        // The slowest compression keeps the push going for seconds. Once it has asked its first FindMissing (its
        // claims appear), the old version goes: the blocks the hub said are present are now old and unreferenced,
        // and collections with no grace run back to back until the push is done.
        var pushing = Infrastructure.Cli.RunAsync(env, "push", "-t", "new:v1", "--reread", "--compression-level", "19", "--json", full);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (ClaimGroups(hub) == groups && !pushing.IsCompleted && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        using var http = new HttpClient { BaseAddress = hub.Url, Timeout = TimeSpan.FromSeconds(60) };
        (await http.DeleteAsync(new Uri(Protocol.Rest.ApiPaths.Tag("old", "v1"), UriKind.Relative))).EnsureSuccessStatusCode();
        var runs = await CollectUntilAsync(http, pushing);
        var push = (await pushing).AssertSuccess().Json();

        Assert.True(runs.Count >= 1, "no collection ran during the push");
        Assert.Contains(runs, r => r.GetProperty("blocks").GetProperty("claimed").GetInt64() > 0);
        // It reused blocks of the deleted version (the hub said they were present), and they were all still there.
        Assert.True(push.GetProperty("blocksUploaded").GetInt32() < push.GetProperty("blocks").GetInt32(), push.ToString());
        var destination = _temp.Combine("pulled");
        (await Infrastructure.Cli.RunAsync(hub.Environment(), "pull", "new:v1", destination, "--no-cache")).AssertSuccess();
        TreeAssert.Equal(full, destination);
        var after = (await Infrastructure.Cli.RunAsync(env, "gc", "--grace", "0s", "--max-unused", "0", "--json")).AssertSuccess().Json();
        Assert.Equal((await GcStore.BlocksOfAsync(hub, "new", "v1")).Order(), GcStore.Blocks(hub).Keys.Order());
        Assert.Equal(GcStore.Blocks(hub).Count, after.GetProperty("blocks").GetProperty("referenced").GetInt64());
    }

    [Fact]
    public async Task Gc_RefusesAnInvalidGraceWithOneLine()
    {
        await using var hub = await HubHost.StartAsync();

        (await Infrastructure.Cli.RunAsync(hub.Environment(), "gc", "--grace", "soon")).AssertFailedWithOneLine(2);
    }

    // Collections with no grace back to back, as fast as the hub answers, until the push is done.
    private static async Task<List<JsonElement>> CollectUntilAsync(HttpClient http, Task pushing)
    {
        var reports = new List<JsonElement>();
        while (!pushing.IsCompleted)
        {
            using var content = new StringContent("""{"grace":"0s"}""", System.Text.Encoding.UTF8, "application/json");
            using var response = await http.PostAsync(new Uri("/api/v1/gc", UriKind.Relative), content, CancellationToken.None);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(CancellationToken.None));
            reports.Add(JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(CancellationToken.None)).RootElement.Clone());
        }

        return reports;
    }

    private static int ClaimGroups(HubHost hub)
    {
        var root = Path.Join(hub.StoragePath, "claims");
        return Directory.Exists(root) ? Directory.EnumerateDirectories(root).Count() : 0;
    }
}
