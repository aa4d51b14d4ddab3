using AetherFS.Core.Blocks;
using AetherFS.IntegrationTests.Infrastructure;

namespace AetherFS.IntegrationTests.Cli;

/// <summary>
/// Push and pull end to end through the real CLI and a real hub, once per storage driver: local disk
/// (<see cref="LocalPushPullTests"/>) and S3 (<see cref="S3PushPullTests"/>).
/// </summary>
public abstract class PushPullTests : IDisposable
{
    private readonly HubHost _hub;
    private readonly TempDirectory _temp = new();

    protected PushPullTests(HubHost hub) => _hub = hub;

    public void Dispose()
    {
        _temp.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task PushThenPull_RestoresTreeByteForByteWithModesMtimesAndEmptyDirs()
    {
        var source = _temp.Combine("src");
        TreeBuilder.CreateRichTree(source);
        var env = _hub.Environment();

        var push = (await Infrastructure.Cli.RunAsync(env, "push", "-t", "roundtrip:v1", "--block-size", "16KiB", "--json", source)).AssertSuccess().Json();
        Assert.Equal(8, push.GetProperty("files").GetInt32());
        Assert.Equal(push.GetProperty("blocks").GetInt32(), push.GetProperty("blocksUploaded").GetInt32());

        var destination = _temp.Combine("dst");
        var pull = (await Infrastructure.Cli.RunAsync(env, "pull", "roundtrip:v1", destination, "--json")).AssertSuccess().Json();
        Assert.Equal(push.GetProperty("digest").GetString(), pull.GetProperty("digest").GetString());
        Assert.Equal(push.GetProperty("bytes").GetInt64(), pull.GetProperty("bytes").GetInt64());
        TreeAssert.Equal(source, destination);
    }

    [Fact]
    public async Task TwoPullsIntoOneDestinationAtOnce_BothSucceedAndLeaveNoStaging()
    {
        var source = _temp.Combine("src");
        TreeBuilder.CreateRichTree(source);
        TreeBuilder.WriteFile(source, "big.bin", TreeBuilder.RandomBytes(8 * 1024 * 1024, seed: 77));
        var env = _hub.Environment();
        (await Infrastructure.Cli.RunAsync(env, "push", "-t", "concurrent:v1", source)).AssertSuccess();
        var destination = _temp.Combine("dst");

        // One user, one cache: whichever pull swaps second finds DEST as the first recorded it. (With two caches the
        // second may find a DEST it never pulled, and refuse it as it should.)
        var pulls = await Task.WhenAll(
            Infrastructure.Cli.RunAsync(env, "pull", "concurrent:v1", destination),
            Infrastructure.Cli.RunAsync(env, "pull", "concurrent:v1", destination));

        Assert.All(pulls, p => p.AssertSuccess());
        TreeAssert.Equal(source, destination);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_temp.Path, ".dst.aetherfs-staging*"));
    }

    [Fact]
    public async Task TwoPullsSharingACacheAtOnce_BothSucceed_AndAThirdDownloadsNothing()
    {
        var source = _temp.Combine("src");
        TreeBuilder.WriteFile(source, "one.bin", TreeBuilder.RandomBytes(4 * 1024 * 1024, seed: 78));
        TreeBuilder.WriteFile(source, "two.bin", TreeBuilder.RandomBytes(4 * 1024 * 1024, seed: 79));
        var env = _hub.Environment();
        (await Infrastructure.Cli.RunAsync(env, "push", "-t", "shared-cache:v1", source)).AssertSuccess();

        var pulls = await Task.WhenAll(
            Infrastructure.Cli.RunAsync(env, "pull", "shared-cache:v1", _temp.Combine("a")),
            Infrastructure.Cli.RunAsync(env, "pull", "shared-cache:v1", _temp.Combine("b")));
        var third = (await Infrastructure.Cli.RunAsync(env, "pull", "shared-cache:v1", _temp.Combine("c"), "--json")).AssertSuccess().Json();

        Assert.All(pulls, p => p.AssertSuccess());
        Assert.Equal(0, third.GetProperty("blocksDownloaded").GetInt32());
        TreeAssert.Equal(source, _temp.Combine("a"));
        TreeAssert.Equal(source, _temp.Combine("b"));
        TreeAssert.Equal(source, _temp.Combine("c"));
        // Each pull that downloaded appended to a segment of its own: two processes never append to one file. (A pull
        // that starts after the other has cached everything downloads nothing and writes none.)
        Assert.InRange(Directory.EnumerateFiles(Path.Join(env["AETHERFS_CACHE_DIR"], "segments"), "*.log").Count(), 1, 2);
    }

    [Fact]
    public async Task PushingUnchangedDataset_UploadsNoBlocksAndKeepsTheDigest()
    {
        var source = _temp.Combine("src");
        TreeBuilder.CreateRichTree(source);
        var env = _hub.Environment();

        var first = (await Infrastructure.Cli.RunAsync(env, "push", "-t", "unchanged:v1", "--json", source)).AssertSuccess().Json();
        var second = (await Infrastructure.Cli.RunAsync(env, "push", "-t", "unchanged:v2", "--json", source)).AssertSuccess().Json();

        Assert.Equal(0, second.GetProperty("blocksUploaded").GetInt32());
        // Only the manifest travels (its bytes as sent are part of bytesUploaded).
        Assert.Equal(second.GetProperty("manifestBytes").GetInt64(), second.GetProperty("bytesUploaded").GetInt64());
        Assert.Equal(first.GetProperty("digest").GetString(), second.GetProperty("digest").GetString());
    }

    [Fact]
    public async Task SecondVersionWithOneChangedFile_MovesOnlyTheChangedBlocks()
    {
        const int blockSize = 64 * 1024;
        var source = _temp.Combine("src");
        TreeBuilder.WriteFile(source, "a.bin", TreeBuilder.RandomBytes(20 * blockSize, 10));
        TreeBuilder.WriteFile(source, "b.bin", TreeBuilder.RandomBytes(20 * blockSize, 11));
        TreeBuilder.WriteFile(source, "c.bin", TreeBuilder.RandomBytes(20 * blockSize, 12));
        var env = _hub.Environment();
        // The consumer is another machine: the producer's cache holds what it pushed, v2's block too.
        var consumer = _hub.Environment();
        var destination = _temp.Combine("dst");

        (await Infrastructure.Cli.RunAsync(env, "push", "-t", "versions:v1", "--block-size", "64KiB", source)).AssertSuccess();
        (await Infrastructure.Cli.RunAsync(consumer, "pull", "versions:v1", destination)).AssertSuccess();

        // Change bytes inside b.bin without changing its size: exactly one block of the packed stream differs.
        var b = File.ReadAllBytes(Path.Join(source, "b.bin"));
        b[(5 * blockSize) + 100] ^= 0xFF;
        File.WriteAllBytes(Path.Join(source, "b.bin"), b);

        var push = (await Infrastructure.Cli.RunAsync(env, "push", "-t", "versions:v2", "--block-size", "64KiB", "--json", source)).AssertSuccess().Json();
        Assert.Equal(60, push.GetProperty("blocks").GetInt32());
        Assert.Equal(1, push.GetProperty("blocksUploaded").GetInt32());
        // The cache that pushed v1 holds its old self: the block goes as a delta of a few dozen bytes, not its 64 KiB
        // of random bytes (which do not compress); bytesUploaded also counts the manifest as sent.
        Assert.Equal(1, push.GetProperty("blocksDelta").GetInt32());
        var blockBytes = push.GetProperty("bytesUploaded").GetInt64() - push.GetProperty("manifestBytes").GetInt64();
        Assert.InRange(blockBytes, 1, 1024);
        Assert.Equal(blockBytes, push.GetProperty("bytesDelta").GetInt64());

        // A pull into v1's DEST holds v1: the changed block comes as a delta against its old self, a few dozen bytes.
        var pull = (await Infrastructure.Cli.RunAsync(consumer, "pull", "versions:v2", destination, "--json")).AssertSuccess().Json();
        Assert.Equal(1, pull.GetProperty("blocksDownloaded").GetInt32());
        Assert.Equal(1, pull.GetProperty("blocksDelta").GetInt32());
        Assert.InRange(pull.GetProperty("bytesDownloaded").GetInt64(), 1, 1024);
        Assert.Equal(59, pull.GetProperty("blocksReused").GetInt32());
        TreeAssert.Equal(source, destination);

        // Holding nothing, a pull gets the changed block in full.
        var fresh = (await Infrastructure.Cli.RunAsync(_hub.Environment(), "pull", "versions:v2", _temp.Combine("fresh"), "--json")).AssertSuccess().Json();
        Assert.Equal(0, fresh.GetProperty("blocksDelta").GetInt32());
        Assert.Equal(60 * (blockSize + BlockPayload.HeaderSize), fresh.GetProperty("bytesDownloaded").GetInt64() - fresh.GetProperty("manifestBytes").GetInt64());
    }

    [Theory]
    [InlineData("tar")]
    [InlineData("tar.gz")]
    [InlineData("zip")]
    public async Task PushArchive_PublishesItsFiles(string kind)
    {
        var source = _temp.Combine("src");
        TreeBuilder.WriteFile(source, "top.txt", "top"u8.ToArray());
        TreeBuilder.WriteFile(source, "dir/inner.bin", TreeBuilder.RandomBytes(100_000, 4));
        Directory.CreateDirectory(Path.Join(source, "empty"));
        var archive = _temp.Combine("data." + kind);
        await ArchiveTool.CreateAsync(kind, source, archive);
        var env = _hub.Environment();
        var name = "archive-" + kind.Replace('.', '-');

        (await Infrastructure.Cli.RunAsync(env, "push", "-t", name + ":v1", archive)).AssertSuccess();
        var destination = _temp.Combine("dst");
        (await Infrastructure.Cli.RunAsync(env, "pull", name + ":v1", destination)).AssertSuccess();

        Assert.Equal("top", File.ReadAllText(Path.Join(destination, "top.txt")));
        Assert.Equal(File.ReadAllBytes(Path.Join(source, "dir/inner.bin")), File.ReadAllBytes(Path.Join(destination, "dir/inner.bin")));
        Assert.True(Directory.Exists(Path.Join(destination, "empty")));
    }

    [Fact]
    public async Task PushWithSeveralTags_TagsOneVersion_AndTagListsThem()
    {
        var source = _temp.Combine("src");
        TreeBuilder.WriteFile(source, "x.txt", "x"u8.ToArray());
        var env = _hub.Environment();

        var push = (await Infrastructure.Cli.RunAsync(env, "push", "-t", "multi/geo:v21.10", "-t", "multi/geo:stable", "--json", source)).AssertSuccess().Json();
        var tags = (await Infrastructure.Cli.RunAsync(env, "tags", "multi/geo", "--json")).AssertSuccess().Json().GetProperty("tags");

        Assert.Equal(["stable", "v21.10"], tags.EnumerateArray().Select(t => t.GetProperty("tag").GetString()).Order(StringComparer.Ordinal));
        Assert.All(tags.EnumerateArray(), t => Assert.Equal(push.GetProperty("digest").GetString(), t.GetProperty("digest").GetString()));
        Assert.Contains("multi/geo", (await Infrastructure.Cli.RunAsync(env, "ls")).AssertSuccess().StandardOutput.Split('\n').Select(line => line.Split(' ')[0]));
    }

    [Fact]
    public async Task TagAndRm_MoveAndDeleteTagsWithoutUploading()
    {
        var source = _temp.Combine("src");
        TreeBuilder.WriteFile(source, "x.txt", "x"u8.ToArray());
        var env = _hub.Environment();
        var digest = (await Infrastructure.Cli.RunAsync(env, "push", "-t", "retag:v1", "--json", source)).AssertSuccess().Json().GetProperty("digest").GetString();

        (await Infrastructure.Cli.RunAsync(env, "tag", "retag:v1", "retag:stable")).AssertSuccess();
        var inspect = (await Infrastructure.Cli.RunAsync(env, "inspect", "retag:stable", "--json")).AssertSuccess().Json();
        Assert.Equal(digest, inspect.GetProperty("digest").GetString());
        Assert.Equal(1, inspect.GetProperty("files").GetInt32());

        (await Infrastructure.Cli.RunAsync(env, "rm", "retag:v1")).AssertSuccess();
        (await Infrastructure.Cli.RunAsync(env, "inspect", "retag:v1")).AssertFailedWithOneLine(3);
        (await Infrastructure.Cli.RunAsync(env, "inspect", "retag@" + digest, "--json")).AssertSuccess();
    }

    [Fact]
    public async Task Pull_ByDigest_PinsTheVersion()
    {
        var source = _temp.Combine("src");
        TreeBuilder.WriteFile(source, "v.txt", "one"u8.ToArray());
        var env = _hub.Environment();
        var digest = (await Infrastructure.Cli.RunAsync(env, "push", "-t", "pinned:latest", "--json", source)).AssertSuccess().Json().GetProperty("digest").GetString();
        TreeBuilder.WriteFile(source, "v.txt", "two"u8.ToArray());
        (await Infrastructure.Cli.RunAsync(env, "push", "-t", "pinned:latest", source)).AssertSuccess();

        var destination = _temp.Combine("dst");
        (await Infrastructure.Cli.RunAsync(env, "pull", "pinned@" + digest, destination)).AssertSuccess();

        Assert.Equal("one", File.ReadAllText(Path.Join(destination, "v.txt")));
    }

    [Fact]
    public async Task FileDigests_AreRecordedOnlyWhenAskedFor()
    {
        var source = _temp.Combine("src");
        TreeBuilder.WriteFile(source, "a.txt", "digest me"u8.ToArray());
        var env = _hub.Environment();
        (await Infrastructure.Cli.RunAsync(env, "push", "-t", "digests:plain", source)).AssertSuccess();
        (await Infrastructure.Cli.RunAsync(env, "push", "-t", "digests:hashed", "--file-digests", source)).AssertSuccess();

        var plain = (await Infrastructure.Cli.RunAsync(env, "inspect", "digests:plain", "--files", "--json")).AssertSuccess().Json();
        var hashed = (await Infrastructure.Cli.RunAsync(env, "inspect", "digests:hashed", "--files", "--json")).AssertSuccess().Json();

        Assert.False(plain.GetProperty("entries")[0].TryGetProperty("sha256", out _));
        Assert.Equal(
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("digest me"u8)),
            hashed.GetProperty("entries")[0].GetProperty("sha256").GetString());
    }

    [Fact]
    public async Task PullWithNoCache_WritesNoBlocksToTheCache()
    {
        var source = _temp.Combine("src");
        TreeBuilder.WriteFile(source, "data.bin", TreeBuilder.RandomBytes(40_000, 60));
        var cache = _hub.NewCacheDirectory();
        var env = _hub.Environment(cache);
        // Pushed from another cache: a push keeps the blocks it uploads in its own.
        (await Infrastructure.Cli.RunAsync(_hub.Environment(), "push", "-t", "nocache:v1", "--block-size", "16KiB", source)).AssertSuccess();

        (await Infrastructure.Cli.RunAsync(env, "pull", "--no-cache", "nocache:v1", _temp.Combine("dst"))).AssertSuccess();

        Assert.Equal(0, CacheContents.CountBlocks(cache));
        TreeAssert.Equal(source, _temp.Combine("dst"));
    }

    [Fact]
    public async Task HubHostInReference_IsUsedWhenNoHubIsGiven()
    {
        var source = _temp.Combine("src");
        TreeBuilder.WriteFile(source, "v.txt", "host"u8.ToArray());
        var env = new Dictionary<string, string> { ["AETHERFS_CACHE_DIR"] = _hub.NewCacheDirectory() };
        var reference = $"127.0.0.1:{_hub.Port}/hosted:v1";

        (await Infrastructure.Cli.RunAsync(env, "push", "-t", reference, source)).AssertSuccess();
        var destination = _temp.Combine("dst");
        (await Infrastructure.Cli.RunAsync(env, "pull", reference, destination)).AssertSuccess();

        Assert.Equal("host", File.ReadAllText(Path.Join(destination, "v.txt")));
    }
}
