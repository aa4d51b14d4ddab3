using System.Text;
using AetherFS.IntegrationTests.Infrastructure;

namespace AetherFS.IntegrationTests.Cli;

/// <summary>Content-defined chunking and compression seen from the command line.</summary>
public sealed class DedupTests : IClassFixture<HubFixture>, IDisposable
{
    private readonly HubHost _hub;
    private readonly TempDirectory _temp = new();

    public DedupTests(HubFixture fixture) => _hub = fixture.Hub;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task InsertingBytesIntoALargeFile_UploadsAndDownloadsOnlyTheChunksAroundTheEdit()
    {
        var source = _temp.Combine("src");
        var original = TreeBuilder.RandomBytes(8 * 1024 * 1024, 70);
        TreeBuilder.WriteFile(source, "big.bin", original);
        var env = _hub.Environment();
        // The producer's cache holds what it pushed: the consumer pulls from its own.
        var producer = _hub.Environment();
        var destination = _temp.Combine("dst");
        (await Infrastructure.Cli.RunAsync(producer, "push", "-t", "cdc:v1", source)).AssertSuccess();
        (await Infrastructure.Cli.RunAsync(env, "pull", "cdc:v1", destination)).AssertSuccess();

        var edited = original[..3_000_000].Concat("INSERTED"u8.ToArray()).Concat(original[3_000_000..]).ToArray();
        TreeBuilder.WriteFile(source, "big.bin", edited);
        var push = (await Infrastructure.Cli.RunAsync(producer, "push", "-t", "cdc:v2", "--json", source)).AssertSuccess().Json();
        var pull = (await Infrastructure.Cli.RunAsync(env, "pull", "cdc:v2", destination, "--json")).AssertSuccess().Json();

        // Default chunks are at most 256 KiB: an 8-byte insertion may cost two or three of them, never the file.
        Assert.InRange(push.GetProperty("bytesUploaded").GetInt64(), 8, 3 * 256 * 1024);
        Assert.InRange(pull.GetProperty("bytesDownloaded").GetInt64(), 8, 3 * 256 * 1024);
        Assert.Equal(edited, File.ReadAllBytes(Path.Join(destination, "big.bin")));

        var inspect = (await Infrastructure.Cli.RunAsync(env, "inspect", "cdc:v2", "--compare", ":v1", "--json")).AssertSuccess().Json();
        var comparison = inspect.GetProperty("comparedWith");
        Assert.Equal("cdc:v1", comparison.GetProperty("reference").GetString());
        Assert.InRange(comparison.GetProperty("newBytes").GetInt64(), 8, 3 * 256 * 1024);
        Assert.Equal(edited.Length, comparison.GetProperty("sharedBytes").GetInt64() + comparison.GetProperty("newBytes").GetInt64());
        Assert.Equal("fastcdc", inspect.GetProperty("chunking").GetString());
        Assert.Equal(64 * 1024, inspect.GetProperty("avgBlockSize").GetInt32());
    }

    [Fact]
    public async Task CompressibleData_TravelsCompressed_AndLevelZeroTurnsItOff()
    {
        var source = _temp.Combine("src");
        var text = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 60_000).Select(i => $"{i},customer-{i % 500},{i * 13 % 1000}.{i % 100:00},2021-10-{1 + (i % 28):00}\n")));
        TreeBuilder.WriteFile(source, "records.csv", text);

        var compressed = (await Infrastructure.Cli.RunAsync(_hub.Environment(), "push", "-t", "zstd:v1", "--json", source)).AssertSuccess().Json();
        var other = _temp.Combine("other");
        TreeBuilder.WriteFile(other, "records.csv", text.Reverse().ToArray());
        var raw = (await Infrastructure.Cli.RunAsync(_hub.Environment(), "push", "-t", "zstd:raw", "--compression-level", "0", "--json", other)).AssertSuccess().Json();

        Assert.True(compressed.GetProperty("bytesUploaded").GetInt64() < text.Length / 3, compressed.ToString());
        Assert.True(raw.GetProperty("bytesUploaded").GetInt64() >= text.Length, raw.ToString());
        var destination = _temp.Combine("dst");
        var pull = (await Infrastructure.Cli.RunAsync(_hub.Environment(), "pull", "zstd:v1", destination, "--json")).AssertSuccess().Json();
        Assert.True(pull.GetProperty("bytesDownloaded").GetInt64() < text.Length / 3);
        Assert.Equal(text, File.ReadAllBytes(Path.Join(destination, "records.csv")));
    }

    [Theory]
    [InlineData("--chunk-size", "16KiB:60KiB:256KiB")]
    [InlineData("--chunk-size", "16KiB:64KiB")]
    [InlineData("--chunking", "rabin")]
    [InlineData("--compression-level", "42")]
    public async Task Push_InvalidChunkingOrCompression_FailsWithOneLine(string option, string value)
    {
        var source = _temp.Combine("src");
        TreeBuilder.WriteFile(source, "x", "x"u8.ToArray());

        (await Infrastructure.Cli.RunAsync(_hub.Environment(), "push", "-t", "bad-options:v1", option, value, source)).AssertFailedWithOneLine(2);
    }
}
