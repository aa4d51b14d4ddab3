using AetherFS.IntegrationTests.Infrastructure;

namespace AetherFS.IntegrationTests.Cli;

/// <summary><c>aetherfs ls</c>: datasets, a dataset's tags, and the files of a version, without pulling.</summary>
public sealed class LsTests : IClassFixture<HubFixture>, IAsyncLifetime
{
    private static readonly DateTime When = new(2021, 10, 5, 12, 30, 15, DateTimeKind.Utc);
    private readonly HubHost _hub;
    private readonly TempDirectory _temp = new();
    private string _digest = string.Empty;

    public LsTests(HubFixture fixture) => _hub = fixture.Hub;

    public async Task InitializeAsync()
    {
        var source = _temp.Combine("src");
        TreeBuilder.CreateRichTree(source);
        _digest = (await Infrastructure.Cli.RunAsync(_hub.Environment(), "push", "-t", "listed/rich:v1", "-t", "listed/rich:stable", "--json", source)).AssertSuccess().Json().GetProperty("digest").GetString()!;
        TreeBuilder.WriteFile(_temp.Combine("small"), "one.txt", "1"u8.ToArray());
        (await Infrastructure.Cli.RunAsync(_hub.Environment(), "push", "-t", "listed/small:v1", _temp.Combine("small"))).AssertSuccess();
    }

    public Task DisposeAsync()
    {
        _temp.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Ls_OfAVersion_ListsEveryEntryLikeTarTv()
    {
        var lines = (await Infrastructure.Cli.RunAsync(_hub.Environment(), "ls", "listed/rich:v1")).AssertSuccess().StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Contains("-rw-r--r--  150000  2021-10-05T12:30:15Z  data/geo/cities.csv", lines);
        Assert.Contains(lines, l => l.StartsWith("-rwxr-x---", StringComparison.Ordinal) && l.EndsWith("  bin/run.sh", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith('l') && l.EndsWith("  latest.csv -> data/geo/cities.csv", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith('d') && l.EndsWith("  empty-dir/nested-empty/", StringComparison.Ordinal));
        Assert.False(Directory.Exists(_temp.Combine("listed")));
    }

    [Theory]
    [InlineData("listed/rich:v1/data/geo")]
    [InlineData("listed/rich:v1/data/geo/")]
    public async Task Ls_OfAVersionAndDirectory_ListsThatSubtree(string target)
    {
        var entries = (await Infrastructure.Cli.RunAsync(_hub.Environment(), "ls", target, "--json")).AssertSuccess().Json().EnumerateArray().ToList();

        Assert.Equal(
            ["data/geo", "data/geo/cities.csv", "data/geo/deep", "data/geo/deep/er", "data/geo/deep/er/still", "data/geo/deep/er/still/leaf.bin"],
            entries.Select(e => e.GetProperty("path").GetString()));
        var cities = entries.Single(e => e.GetProperty("path").GetString() == "data/geo/cities.csv");
        Assert.Equal(150_000, cities.GetProperty("size").GetInt64());
        Assert.Equal("file", cities.GetProperty("type").GetString());
        Assert.Equal(When.AddTicks(1234567), cities.GetProperty("modifiedAt").GetDateTime().ToUniversalTime());
    }

    [Fact]
    public async Task Ls_ByDigestAndFile_ListsThatFile()
    {
        var lines = (await Infrastructure.Cli.RunAsync(_hub.Environment(), "ls", $"listed/rich@{_digest}/README.md")).AssertSuccess().StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(["-rw-r--r--  7  2021-10-05T12:30:15Z  README.md"], lines);
    }

    [Fact]
    public async Task Ls_WithTheHubInTheReference_SplitsHostNameTagAndPath()
    {
        var target = $"{_hub.Url.Authority}/listed/rich:v1/data/geo/deep";
        var noHub = new Dictionary<string, string> { ["AETHERFS_CACHE_DIR"] = _hub.NewCacheDirectory() };

        var lines = (await Infrastructure.Cli.RunAsync(noHub, "ls", target)).AssertSuccess().StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var tags = (await Infrastructure.Cli.RunAsync(noHub, "ls", $"{_hub.Url.Authority}/listed/rich", "--json")).AssertSuccess().Json();

        Assert.Equal(4, lines.Length);
        Assert.EndsWith("  data/geo/deep/er/still/leaf.bin", lines[^1], StringComparison.Ordinal);
        Assert.Equal(2, tags.GetArrayLength());
    }

    [Fact]
    public async Task Ls_OfAPathNotInTheVersion_IsNotFound()
    {
        (await Infrastructure.Cli.RunAsync(_hub.Environment(), "ls", "listed/rich:v1/nope")).AssertFailedWithOneLine(3);
        (await Infrastructure.Cli.RunAsync(_hub.Environment(), "ls", "listed/rich:v1/../etc")).AssertFailedWithOneLine(2);
        (await Infrastructure.Cli.RunAsync(_hub.Environment(), "ls", "listed/rich:nope")).AssertFailedWithOneLine(3);
    }

    [Fact]
    public async Task Ls_OfADataset_ShowsItsTagsWithSizesAndDates()
    {
        var text = (await Infrastructure.Cli.RunAsync(_hub.Environment(), "ls", "listed/rich")).AssertSuccess().StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var json = (await Infrastructure.Cli.RunAsync(_hub.Environment(), "ls", "listed/rich", "--json")).AssertSuccess().Json().EnumerateArray().ToList();

        Assert.StartsWith("TAG ", text[0], StringComparison.Ordinal);
        Assert.Contains(text, l => l.StartsWith("stable ", StringComparison.Ordinal) && l.Contains(_digest, StringComparison.Ordinal));
        Assert.Equal(["stable", "v1"], json.Select(t => t.GetProperty("tag").GetString()).Order(StringComparer.Ordinal));
        Assert.All(json, t => Assert.Equal(220_073, t.GetProperty("bytes").GetInt64()));
        Assert.All(json, t => Assert.Equal(8, t.GetProperty("files").GetInt32()));
        Assert.All(json, t => Assert.True(t.GetProperty("publishedAt").GetDateTime() > DateTime.UtcNow.AddHours(-1)));
    }

    [Fact]
    public async Task Ls_OfTheHub_ShowsEachDatasetWithTagsSizeAndDate()
    {
        var text = (await Infrastructure.Cli.RunAsync(_hub.Environment(), "ls")).AssertSuccess().StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var json = (await Infrastructure.Cli.RunAsync(_hub.Environment(), "ls", "--json")).AssertSuccess().Json().EnumerateArray().ToList();

        Assert.StartsWith("NAME ", text[0], StringComparison.Ordinal);
        Assert.Contains(text, l => l.StartsWith("listed/small ", StringComparison.Ordinal) && l.Contains("1 B", StringComparison.Ordinal));
        var rich = json.Single(d => d.GetProperty("name").GetString() == "listed/rich");
        Assert.Equal(2, rich.GetProperty("tags").GetInt32());
        Assert.Equal(220_073, rich.GetProperty("bytes").GetInt64());
        Assert.Equal(_digest, rich.GetProperty("digest").GetString());
        Assert.True(rich.GetProperty("updatedAt").GetDateTime() > DateTime.UtcNow.AddHours(-1));
    }
}
