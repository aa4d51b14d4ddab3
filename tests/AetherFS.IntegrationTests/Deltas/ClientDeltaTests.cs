using System.Globalization;
using System.Text;
using AetherFS.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace AetherFS.IntegrationTests.Deltas;

/// <summary>
/// Consumers that hold a version get the next as deltas against it: a pull into the DEST of the last pull, the agent
/// following a tag. Whatever they hold, what they write is exactly the new version; holding nothing, they download
/// full blocks as before.
/// </summary>
public sealed class ClientDeltaTests : IClassFixture<HubFixture>, IDisposable
{
    private readonly HubHost _hub;
    private readonly ITestOutputHelper _output;
    private readonly TempDirectory _temp = new();

    public ClientDeltaTests(HubFixture fixture, ITestOutputHelper output)
    {
        _hub = fixture.Hub;
        _output = output;
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task PullOfV2_IntoTheDestOfV1_DownloadsDeltas_ForAFractionOfAFreshPull()
    {
        await DeltaVersions.PushAsync(_hub.Environment(), _hub.Url, "clientdelta/pull", _temp.Path);
        var source = _temp.Combine("clientdelta-pull");
        var dest = _temp.Combine("dest");
        var env = _hub.Environment(_temp.Combine("cache"));
        var first = (await Infrastructure.Cli.RunAsync(env, "pull", "clientdelta/pull:v1", dest, "--json")).AssertSuccess().Json();
        Assert.Equal(0, first.GetProperty("blocksDelta").GetInt32());

        var update = (await Infrastructure.Cli.RunAsync(env, "pull", "clientdelta/pull:v2", dest, "--json")).AssertSuccess().Json();
        var fresh = (await Infrastructure.Cli.RunAsync(_hub.Environment(_temp.Combine("fresh-cache")), "pull", "clientdelta/pull:v2", _temp.Combine("fresh"), "--json")).AssertSuccess().Json();
        _output.WriteLine($"v1 holder: {update}\nfresh: {fresh}");

        TreeAssert.Equal(source, dest);
        TreeAssert.Equal(source, _temp.Combine("fresh"));
        var (deltas, deltaBytes, bytes) = (update.GetProperty("blocksDelta").GetInt32(), update.GetProperty("bytesDelta").GetInt64(), update.GetProperty("bytesDownloaded").GetInt64());
        Assert.True(deltas >= 30, $"{deltas} blocks as deltas");
        Assert.Equal(update.GetProperty("blocksDownloaded").GetInt32(), deltas);
        Assert.True(deltaBytes > 0 && deltaBytes <= bytes);
        Assert.True(bytes * 10 < fresh.GetProperty("bytesDownloaded").GetInt64(), $"{bytes} B as a v1 holder against {fresh.GetProperty("bytesDownloaded")} B fresh");
        Assert.Equal((0, 0L), (fresh.GetProperty("blocksDelta").GetInt32(), fresh.GetProperty("bytesDelta").GetInt64()));
    }

    [Fact]
    public async Task AFileStoredTwice_ComesAsDeltasToo()
    {
        // caniuse-db ships data.json and fulldata-json/data-1.0.json with the same bytes: their blocks occur in two
        // runs of the assembly and are fetched apart from their runs, which must not mean full.
        var env = _hub.Environment();
        foreach (var version in new[] { 1, 2 })
        {
            var tree = _temp.Combine($"twice-v{version}");
            TreeBuilder.WriteFile(tree, "data.jsonl", DeltaVersions.Records(version));
            TreeBuilder.WriteFile(tree, "full/data-1.0.jsonl", DeltaVersions.Records(version));
            (await Infrastructure.Cli.RunAsync(env, "push", "-t", $"clientdelta/twice:v{version}", tree)).AssertSuccess();
        }

        var dest = _temp.Combine("dest");
        var pullEnv = _hub.Environment(_temp.Combine("cache"));
        (await Infrastructure.Cli.RunAsync(pullEnv, "pull", "clientdelta/twice:v1", dest)).AssertSuccess();
        var update = (await Infrastructure.Cli.RunAsync(pullEnv, "pull", "clientdelta/twice:v2", dest, "--json")).AssertSuccess().Json();
        _output.WriteLine(update.ToString());

        TreeAssert.Equal(_temp.Combine("twice-v2"), dest);
        Assert.True(update.GetProperty("blocksDownloaded").GetInt32() >= 30, update.ToString());
        Assert.Equal(update.GetProperty("blocksDownloaded").GetInt32(), update.GetProperty("blocksDelta").GetInt32());
    }

    [Fact]
    public async Task PullOfV2_IntoADestWhoseV1FileWasChanged_StillWritesExactlyV2()
    {
        await DeltaVersions.PushAsync(_hub.Environment(), _hub.Url, "clientdelta/changed", _temp.Path);
        var source = _temp.Combine("clientdelta-changed");
        var dest = _temp.Combine("dest");
        // The cache keeps nothing of v1: DEST's files are the only copy of the bases.
        var env = _hub.Environment(_temp.Combine("cache"));
        (await Infrastructure.Cli.RunAsync(env, "pull", "clientdelta/changed:v1", dest, "--no-cache")).AssertSuccess();
        var file = Path.Join(dest, "data", "records.jsonl");
        var bytes = File.ReadAllBytes(file);
        for (var i = 0; i < bytes.Length / 2; i += 512)
        {
            bytes[i] = (byte)'#';
        }

        File.WriteAllBytes(file, bytes);

        var update = (await Infrastructure.Cli.RunAsync(env, "pull", "clientdelta/changed:v2", dest, "--force", "--json")).AssertSuccess().Json();
        _output.WriteLine(update.ToString());

        TreeAssert.Equal(source, dest);
        // The blocks of the unchanged second half decode against DEST's files; those of the first fell back to full.
        var deltas = update.GetProperty("blocksDelta").GetInt32();
        Assert.InRange(deltas, 1, update.GetProperty("blocksDownloaded").GetInt32() - 10);
    }

    [Fact]
    public async Task AgentFollowingATagThroughTenVersions_DownloadsOnlyDeltasAfterTheFirst()
    {
        var source = _temp.Combine("follow");
        var env = _hub.Environment();
        TreeBuilder.WriteFile(source, "data/records.jsonl", Records(1));
        (await Infrastructure.Cli.RunAsync(env, "push", "-t", "clientdelta/follow:live", source)).AssertSuccess();
        var dir = _temp.Combine("synced");
        await using var agent = await AgentHost.StartAsync(_hub, _temp.Combine("agent-cache"), "--sync", $"clientdelta/follow:live={dir}");
        await agent.WaitForAsync(async () => (await agent.SubscriptionAsync()).GetProperty("syncs").GetInt32() == 1, "first sync");
        var first = await agent.SubscriptionAsync();
        Assert.Equal(0, first.GetProperty("blocksDelta").GetInt64());

        for (var version = 2; version <= 10; version++)
        {
            TreeBuilder.WriteFile(source, "data/records.jsonl", Records(version));
            (await Infrastructure.Cli.RunAsync(env, "push", "-t", "clientdelta/follow:live", source)).AssertSuccess();
            var syncs = version;
            await agent.WaitForAsync(async () => (await agent.SubscriptionAsync()).GetProperty("syncs").GetInt32() == syncs, $"sync of v{version}");
        }

        var last = await agent.SubscriptionAsync();
        _output.WriteLine($"first: {first}\nlast: {last}");
        TreeAssert.Equal(source, Path.Join(dir, "current"));
        var blocksAfter = last.GetProperty("blocksDownloaded").GetInt64() - first.GetProperty("blocksDownloaded").GetInt64();
        // Blocks only: bytesDownloaded counts the manifests too.
        var bytesAfter = last.GetProperty("bytesDownloaded").GetInt64() - last.GetProperty("manifestBytes").GetInt64()
            - (first.GetProperty("bytesDownloaded").GetInt64() - first.GetProperty("manifestBytes").GetInt64());
        Assert.True(blocksAfter >= 9 * 30, $"{blocksAfter} blocks over nine versions");
        Assert.Equal(blocksAfter, last.GetProperty("blocksDelta").GetInt64());
        Assert.Equal(bytesAfter, last.GetProperty("bytesDelta").GetInt64());
        Assert.Equal(0, last.GetProperty("deltaFallbacks").GetInt64());
        Assert.Equal(9, last.GetProperty("manifestsDelta").GetInt64());
        // Nine versions that each change every block cost less than the first did.
        Assert.True(bytesAfter < first.GetProperty("bytesDownloaded").GetInt64(), $"{bytesAfter} B for nine versions after {first.GetProperty("bytesDownloaded")} B for the first");
    }

    [Fact]
    public async Task MountFollowingATag_ReadsTheNewVersionAsDeltas_AgainstTheBlocksItReadBefore()
    {
        var source = _temp.Combine("mounted");
        var env = _hub.Environment();
        TreeBuilder.WriteFile(source, "data/records.jsonl", Records(1));
        (await Infrastructure.Cli.RunAsync(env, "push", "-t", "clientdelta/mount:live", source)).AssertSuccess();
        var directory = Directory.CreateDirectory(_temp.Combine("mnt")).FullName;
        var file = Path.Join(directory, "data", "records.jsonl");
        var (mount, _) = await MountProcess.StartAsync(_hub.Environment(_temp.Combine("mount-cache")), "clientdelta/mount:live", directory);
        await using (mount)
        {
            Assert.Equal(Records(1), await File.ReadAllBytesAsync(file));

            TreeBuilder.WriteFile(source, "data/records.jsonl", Records(2));
            (await Infrastructure.Cli.RunAsync(env, "push", "-t", "clientdelta/mount:live", source)).AssertSuccess();
            await Eventually.HoldsAsync(async () => (await File.ReadAllBytesAsync(file)).AsSpan().SequenceEqual(Records(2)), "a new open reads v2", () => mount.Output);

            Assert.Equal(0, await mount.StopAsync());
            var summary = System.Text.RegularExpressions.Regex.Match(mount.Output, @"delta_blocks=(\d+) delta_bytes=(\d+)");
            _output.WriteLine(mount.Output);
            Assert.True(summary.Success, mount.Output);
            Assert.True(int.Parse(summary.Groups[1].Value, CultureInfo.InvariantCulture) >= 30, summary.Value);
        }
    }

    private static byte[] Records(int version) => DeltaVersions.Chained(version);
}
