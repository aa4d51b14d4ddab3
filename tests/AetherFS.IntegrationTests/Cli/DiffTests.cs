using System.Text;
using AetherFS.IntegrationTests.Infrastructure;

namespace AetherFS.IntegrationTests.Cli;

/// <summary><c>aetherfs diff</c>: files added, removed, changed and renamed; blocks shared; what a pull of B after A downloads.</summary>
public sealed class DiffTests : IClassFixture<HubFixture>, IDisposable
{
    private readonly HubHost _hub;
    private readonly TempDirectory _temp = new();

    public DiffTests(HubFixture fixture) => _hub = fixture.Hub;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Diff_ReportsFileChanges_AndTheTransferFigureIsWhatAPullAfterTheFirstVersionDownloads()
    {
        var source = _temp.Combine("src");
        var big = TreeBuilder.RandomBytes(2 * 1024 * 1024, 161);
        var csv = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 20_000).Select(i => $"{i},row-{i % 300}\n")));
        TreeBuilder.WriteFile(source, "big.bin", big);
        TreeBuilder.WriteFile(source, "data/0.txt", "first\n"u8.ToArray());
        TreeBuilder.WriteFile(source, "data/a.bin", TreeBuilder.RandomBytes(300_000, 162));
        TreeBuilder.WriteFile(source, "data/z.txt", "last\n"u8.ToArray());
        TreeBuilder.WriteFile(source, "keep.csv", csv);
        TreeBuilder.WriteFile(source, "old.txt", "going away\n"u8.ToArray());
        var push = _hub.Environment();
        (await Infrastructure.Cli.RunAsync(push, "push", "-t", "diffed:v1", source)).AssertSuccess();

        // An edit that grows one file, a file added and one removed, and a rename that keeps the packed stream as it was.
        var edited = big[..1_000_000].Concat(Encoding.UTF8.GetBytes(new string('x', 5000))).Concat(big[1_000_000..]).ToArray();
        TreeBuilder.WriteFile(source, "big.bin", edited);
        File.Move(Path.Join(source, "data/a.bin"), Path.Join(source, "data/b.bin"));
        File.Delete(Path.Join(source, "old.txt"));
        TreeBuilder.WriteFile(source, "new.txt", TreeBuilder.RandomBytes(100_000, 163));
        (await Infrastructure.Cli.RunAsync(push, "push", "-t", "diffed:v2", source)).AssertSuccess();

        var json = (await Infrastructure.Cli.RunAsync(push, "diff", "diffed:v1", "v2", "--json")).AssertSuccess().Json();
        var files = json.GetProperty("files");
        Assert.Equal(1, files.GetProperty("added").GetInt32());
        Assert.Equal(1, files.GetProperty("removed").GetInt32());
        Assert.Equal(1, files.GetProperty("changed").GetInt32());
        Assert.Equal(1, files.GetProperty("renamed").GetInt32());
        Assert.Equal(0, files.GetProperty("possiblyChanged").GetInt32());
        var changes = json.GetProperty("changes").EnumerateArray().ToDictionary(c => c.GetProperty("path").GetString()!);
        Assert.Equal("changed", changes["big.bin"].GetProperty("change").GetString());
        Assert.Equal(big.Length, changes["big.bin"].GetProperty("previousSize").GetInt64());
        Assert.Equal(5000, changes["big.bin"].GetProperty("sizeDelta").GetInt64());
        Assert.Equal("renamed", changes["data/b.bin"].GetProperty("change").GetString());
        Assert.Equal("data/a.bin", changes["data/b.bin"].GetProperty("previousPath").GetString());
        Assert.False(changes.ContainsKey("data/a.bin"));
        Assert.Equal(100_000, changes["new.txt"].GetProperty("size").GetInt64());
        Assert.Equal(-11, changes["old.txt"].GetProperty("sizeDelta").GetInt64());
        Assert.False(changes.ContainsKey("keep.csv"));
        Assert.Equal("diffed:v1", json.GetProperty("from").GetProperty("reference").GetString());
        Assert.Equal("diffed:v2", json.GetProperty("to").GetProperty("reference").GetString());

        var blocks = json.GetProperty("blocks");
        Assert.True(blocks.GetProperty("sharedBlocks").GetInt32() > 0, blocks.ToString());
        Assert.True(blocks.GetProperty("newBlocks").GetInt32() > 0, blocks.ToString());
        Assert.Equal(blocks.GetProperty("blocks").GetInt32(), blocks.GetProperty("sharedBlocks").GetInt32() + blocks.GetProperty("newBlocks").GetInt32());
        Assert.Equal(edited.Length + csv.Length + 100_000 + 300_000 + 11, blocks.GetProperty("bytes").GetInt64());

        // The figure diff promises, against what a real pull of v2 downloads with v1's blocks in its cache.
        var cache = _temp.Combine("pull-cache");
        (await Infrastructure.Cli.RunAsync(_hub.Environment(cache), "pull", "diffed:v1", _temp.Combine("v1"), "--json")).AssertSuccess();
        var pull = (await Infrastructure.Cli.RunAsync(_hub.Environment(cache), "pull", "diffed:v2", _temp.Combine("v2"), "--json")).AssertSuccess().Json();
        AssertPullDownloaded(pull, json);
        Assert.Equal(pull.GetProperty("blocksDownloaded").GetInt32(), blocks.GetProperty("newBlocks").GetInt32());
        // The blocks, then the manifest as a holder of v1's gets it, as the hub sends them.
        Assert.Equal(json.GetProperty("transferBytes").GetInt64(), blocks.GetProperty("transferSentBytes").GetInt64() + blocks.GetProperty("manifestSentBytes").GetInt64());
        Assert.True(blocks.GetProperty("manifestSentBytes").GetInt64() > 0, blocks.ToString());

        // The edit inside big.bin leaves most of its changed block as it was: a holder of v1 gets that block as a delta.
        Assert.True(blocks.GetProperty("deltaBlocks").GetInt32() > 0, blocks.ToString());
        Assert.True(blocks.GetProperty("transferSentBytes").GetInt64() < blocks.GetProperty("newSentBytes").GetInt64(), blocks.ToString());

        // Compressible text travels compressed: the figure is what is sent, not the raw size.
        var first = (await Infrastructure.Cli.RunAsync(push, "diff", "diffed:v2", "diffed:v1", "--json")).AssertSuccess().Json().GetProperty("blocks");
        Assert.True(first.GetProperty("sentBytes").GetInt64() < first.GetProperty("bytes").GetInt64(), first.ToString());

        var inspect = (await Infrastructure.Cli.RunAsync(push, "inspect", "diffed:v2", "--compare", ":v1", "--json")).AssertSuccess().Json();
        Assert.Equal(blocks.GetProperty("newSentBytes").GetInt64(), inspect.GetProperty("comparedWith").GetProperty("newSentBytes").GetInt64());
        Assert.Equal(json.GetProperty("transferBytes").GetInt64(), inspect.GetProperty("comparedWith").GetProperty("transferBytes").GetInt64());
        Assert.Equal(blocks.GetProperty("deltaBlocks").GetInt32(), inspect.GetProperty("comparedWith").GetProperty("deltaBlocks").GetInt32());

        var text = (await Infrastructure.Cli.RunAsync(push, "diff", "diffed:v1", "diffed:v2")).AssertSuccess().StandardOutput;
        Assert.Contains("diffed:v1 -> diffed:v2", text, StringComparison.Ordinal);
        Assert.Contains("Files    +1 -1 ~1 (1 renamed", text, StringComparison.Ordinal);
        Assert.Contains($"downloads ", text, StringComparison.Ordinal);
        Assert.Contains($"({json.GetProperty("transferBytes").GetInt64()} bytes)", text, StringComparison.Ordinal);
        Assert.Contains($"; {blocks.GetProperty("deltaBlocks").GetInt32()} of them as deltas against diffed:v1: ", text, StringComparison.Ordinal);
        Assert.Contains("  > data/a.bin -> data/b.bin", text, StringComparison.Ordinal);
        Assert.Contains("  + new.txt", text, StringComparison.Ordinal);
        Assert.Contains("  - old.txt", text, StringComparison.Ordinal);
        Assert.Contains("  ~ big.bin  2 MiB -> ", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diff_OnAHubThatEncryptsAtRest_CountsThePayloadsAsSent_NotAsSealed()
    {
        var keys = _temp.Combine("keys");
        File.WriteAllText(keys, "k1:" + Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData("diff-key"u8)) + "\n");
        await using var hub = await HubHost.StartAsync(options: ["--encryption-key-file", keys]);
        var source = _temp.Combine("src");
        TreeBuilder.WriteFile(source, "a.bin", TreeBuilder.RandomBytes(600_000, 171));
        (await Infrastructure.Cli.RunAsync(hub.Environment(), "push", "-t", "sealed:v1", source)).AssertSuccess();
        TreeBuilder.WriteFile(source, "b.csv", Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 10_000).Select(i => $"{i},value-{i % 70}\n"))));
        (await Infrastructure.Cli.RunAsync(hub.Environment(), "push", "-t", "sealed:v2", source)).AssertSuccess();
        var cache = _temp.Combine("sealed-cache");
        (await Infrastructure.Cli.RunAsync(hub.Environment(cache), "pull", "sealed:v1", _temp.Combine("v1"))).AssertSuccess();

        var diff = (await Infrastructure.Cli.RunAsync(hub.Environment(), "diff", "sealed:v1", "v2", "--json")).AssertSuccess().Json();
        var pull = (await Infrastructure.Cli.RunAsync(hub.Environment(cache), "pull", "sealed:v2", _temp.Combine("v2"), "--json")).AssertSuccess().Json();

        Assert.True(pull.GetProperty("bytesDownloaded").GetInt64() > 0);
        AssertPullDownloaded(pull, diff);
    }

    // A pull that names the version it holds (have) gets deltas, the manifest as one, and downloads transferBytes; one
    // that does not (into another DEST, or a client from before deltas) downloads the new blocks' full payloads,
    // newSentBytes, and the full manifest.
    private static void AssertPullDownloaded(System.Text.Json.JsonElement pull, System.Text.Json.JsonElement diff) =>
        Assert.Contains(
            pull.GetProperty("bytesDownloaded").GetInt64(),
            new[] { diff.GetProperty("transferBytes").GetInt64(), diff.GetProperty("blocks").GetProperty("newSentBytes").GetInt64() + pull.GetProperty("manifestBytes").GetInt64() });

    [Fact]
    public async Task Diff_ByDigest_MatchesDiffByTag()
    {
        var source = _temp.Combine("src");
        TreeBuilder.WriteFile(source, "a.txt", "one\n"u8.ToArray());
        (await Infrastructure.Cli.RunAsync(_hub.Environment(), "push", "-t", "diff-digest:v1", source)).AssertSuccess();
        TreeBuilder.WriteFile(source, "b.txt", "two\n"u8.ToArray());
        (await Infrastructure.Cli.RunAsync(_hub.Environment(), "push", "-t", "diff-digest:v2", source)).AssertSuccess();
        var byTag = (await Infrastructure.Cli.RunAsync(_hub.Environment(), "diff", "diff-digest:v1", ":v2", "--json")).AssertSuccess().Json();
        var digest = byTag.GetProperty("to").GetProperty("digest").GetString();

        var byDigest = (await Infrastructure.Cli.RunAsync(_hub.Environment(), "diff", "diff-digest:v1", "@" + digest, "--json")).AssertSuccess().Json();

        Assert.Equal("diff-digest@" + digest, byDigest.GetProperty("to").GetProperty("reference").GetString());
        Assert.Equal(byTag.GetProperty("transferBytes").GetInt64(), byDigest.GetProperty("transferBytes").GetInt64());
        Assert.Equal("b.txt", Assert.Single(byDigest.GetProperty("changes").EnumerateArray(), c => c.GetProperty("change").GetString() == "added").GetProperty("path").GetString());
    }

    [Theory]
    [InlineData("diff-missing:v1", "v9", 3)]
    [InlineData("diff-missing:v1", "Bad Tag!", 2)]
    [InlineData("diff-missing:v1", "other.example:5000/x:v1", 2)]
    public async Task Diff_UnknownOrInvalidVersion_FailsWithOneLine(string from, string to, int exitCode)
    {
        var source = _temp.Combine("src");
        TreeBuilder.WriteFile(source, "a.txt", "one\n"u8.ToArray());
        (await Infrastructure.Cli.RunAsync(_hub.Environment(), "push", "-t", "diff-missing:v1", source)).AssertSuccess();

        (await Infrastructure.Cli.RunAsync(_hub.Environment(), "diff", from, to)).AssertFailedWithOneLine(exitCode);
    }
}
