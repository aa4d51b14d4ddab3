using AetherFS.IntegrationTests.Infrastructure;

namespace AetherFS.IntegrationTests.Cli;

/// <summary>An unchanged source is republished without reading it; any change is noticed.</summary>
public sealed class PushIndexTests : IClassFixture<HubFixture>, IDisposable
{
    private readonly HubHost _hub;
    private readonly TempDirectory _temp = new();

    public PushIndexTests(HubFixture fixture) => _hub = fixture.Hub;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task ChangedBytesWithTheOldMtimeRestored_AreStillPushed()
    {
        var source = _temp.Combine("src");
        var mtime = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        TreeBuilder.WriteFile(source, "data.bin", TreeBuilder.RandomBytes(10_000, 50), modified: mtime);
        var env = _hub.Environment();
        var first = (await Infrastructure.Cli.RunAsync(env, "push", "-t", "index-touch:v1", "--json", source)).AssertSuccess().Json();

        // Same size, same mtime: only the ctime, which no one can set back, betrays the change.
        TreeBuilder.WriteFile(source, "data.bin", TreeBuilder.RandomBytes(10_000, 51), modified: mtime);
        var second = (await Infrastructure.Cli.RunAsync(env, "push", "-t", "index-touch:v2", "--json", source)).AssertSuccess().Json();

        Assert.NotEqual(first.GetProperty("digest").GetString(), second.GetProperty("digest").GetString());
        Assert.Equal(1, second.GetProperty("blocksUploaded").GetInt32());
    }

    [Fact]
    public async Task UnchangedSource_ToAHubThatLacksItsBlocks_IsPushedInFull()
    {
        var source = _temp.Combine("src");
        TreeBuilder.WriteFile(source, "data.bin", TreeBuilder.RandomBytes(50_000, 52));
        var cache = _hub.NewCacheDirectory();
        (await Infrastructure.Cli.RunAsync(_hub.Environment(cache), "push", "-t", "index-hubs:v1", source)).AssertSuccess();

        await using var other = await HubHost.StartAsync();
        var push = (await Infrastructure.Cli.RunAsync(other.Environment(cache), "push", "-t", "index-hubs:v1", "--json", source)).AssertSuccess().Json();

        Assert.Equal(push.GetProperty("blocks").GetInt32(), push.GetProperty("blocksUploaded").GetInt32());
        var destination = _temp.Combine("dst");
        (await Infrastructure.Cli.RunAsync(other.Environment(), "pull", "index-hubs:v1", destination)).AssertSuccess();
        TreeAssert.Equal(source, destination);
    }

    [Fact]
    public async Task Reread_ReadsEverythingAndGivesTheSameDigest()
    {
        var source = _temp.Combine("src");
        TreeBuilder.CreateRichTree(source);
        var env = _hub.Environment();
        var indexed = (await Infrastructure.Cli.RunAsync(env, "push", "-t", "index-reread:v1", "--json", source)).AssertSuccess().Json();

        var reread = (await Infrastructure.Cli.RunAsync(env, "push", "-t", "index-reread:v2", "--reread", "--json", source)).AssertSuccess().Json();

        Assert.Equal(indexed.GetProperty("digest").GetString(), reread.GetProperty("digest").GetString());
        Assert.Equal(0, reread.GetProperty("blocksUploaded").GetInt32());
    }

    [Fact]
    public async Task UnchangedArchive_IsRepublishedAndPullsBackTheSameFiles()
    {
        var source = _temp.Combine("src");
        TreeBuilder.WriteFile(source, "a.txt", "archive"u8.ToArray());
        var archive = _temp.Combine("data.tar.gz");
        await ArchiveTool.CreateAsync("tar.gz", source, archive);
        var env = _hub.Environment();
        var first = (await Infrastructure.Cli.RunAsync(env, "push", "-t", "index-archive:v1", "--json", archive)).AssertSuccess().Json();

        var second = (await Infrastructure.Cli.RunAsync(env, "push", "-t", "index-archive:v2", "--json", archive)).AssertSuccess().Json();

        Assert.Equal(first.GetProperty("digest").GetString(), second.GetProperty("digest").GetString());
        var destination = _temp.Combine("dst");
        (await Infrastructure.Cli.RunAsync(env, "pull", "index-archive:v2", destination)).AssertSuccess();
        Assert.Equal("archive", File.ReadAllText(Path.Join(destination, "a.txt")));
    }

    [Fact]
    public async Task PullThenPushOfThePulledTree_GivesTheSameDigest()
    {
        var source = _temp.Combine("src");
        TreeBuilder.CreateRichTree(source);
        var env = _hub.Environment();
        var digest = (await Infrastructure.Cli.RunAsync(env, "push", "-t", "index-mirror:v1", "--json", source)).AssertSuccess().Json().GetProperty("digest").GetString();
        var destination = _temp.Combine("dst");
        (await Infrastructure.Cli.RunAsync(env, "pull", "index-mirror:v1", destination)).AssertSuccess();

        var again = (await Infrastructure.Cli.RunAsync(env, "push", "-t", "index-mirror:v2", "--json", destination)).AssertSuccess().Json();

        Assert.Equal(digest, again.GetProperty("digest").GetString());
    }
}
