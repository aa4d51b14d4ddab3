using AetherFS.IntegrationTests.Infrastructure;

namespace AetherFS.IntegrationTests.Cli;

/// <summary><c>pull --path</c>: one file or subtree of a version, downloading only the blocks that hold it.</summary>
public sealed class SelectivePullTests : IClassFixture<HubFixture>, IAsyncLifetime
{
    private const int Large = 4 * 1024 * 1024;
    private const int Small = 1024 * 1024;
    private readonly HubHost _hub;
    private readonly TempDirectory _temp = new();

    public SelectivePullTests(HubFixture fixture) => _hub = fixture.Hub;

    private string Source => _temp.Combine("src");

    public async Task InitializeAsync()
    {
        TreeBuilder.WriteFile(Source, "README.md", "# years\n"u8.ToArray());
        TreeBuilder.WriteFile(Source, "data/2025/big.bin", TreeBuilder.RandomBytes(Large, 1));
        TreeBuilder.WriteFile(Source, "data/2026/jan.bin", TreeBuilder.RandomBytes(Small, 2));
        TreeBuilder.WriteFile(Source, "data/2026/notes/feb.txt", "february"u8.ToArray());
        TreeBuilder.WriteFile(Source, "data/2027.bin", TreeBuilder.RandomBytes(Large, 3));
        (await Infrastructure.Cli.RunAsync(_hub.Environment(), "push", "-t", "years:v1", Source)).AssertSuccess();
    }

    public Task DisposeAsync()
    {
        _temp.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Pull_WithPath_WritesOnlyThatSubtree_AndDownloadsAboutItsShare()
    {
        var destination = _temp.Combine("subtree");

        var pull = (await Infrastructure.Cli.RunAsync(_hub.Environment(), "pull", "years:v1", destination, "--path", "data/2026/", "--json")).AssertSuccess().Json();

        Assert.Equal(
            ["data/2026/jan.bin", "data/2026/notes/feb.txt"],
            Directory.GetFiles(destination, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(destination, f)).Order(StringComparer.Ordinal));
        Assert.Equal(File.ReadAllBytes(Path.Join(Source, "data/2026/jan.bin")), File.ReadAllBytes(Path.Join(destination, "data/2026/jan.bin")));
        Assert.Equal("february", File.ReadAllText(Path.Join(destination, "data/2026/notes/feb.txt")));
        Assert.Equal(2, pull.GetProperty("files").GetInt32());
        // Its 1 MiB and at most a block (256 KiB) on either side: not the 9 MiB of the version.
        Assert.InRange(pull.GetProperty("bytesDownloaded").GetInt64(), Small, Small + (2 * 256 * 1024) + 4096);
    }

    [Fact]
    public async Task Pull_WithSeveralPaths_WritesEachOfThem()
    {
        var destination = _temp.Combine("several");

        (await Infrastructure.Cli.RunAsync(_hub.Environment(), "pull", "years:v1", destination, "--path", "README.md", "--path", "data/2026/notes")).AssertSuccess();

        Assert.Equal(
            ["README.md", "data/2026/notes/feb.txt"],
            Directory.GetFiles(destination, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(destination, f)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Pull_WithPathMatchingNothing_IsNotFound_AndCreatesNothing()
    {
        var destination = _temp.Combine("nothing");

        var result = await Infrastructure.Cli.RunAsync(_hub.Environment(), "pull", "years:v1", destination, "--path", "data/2030");

        result.AssertFailedWithOneLine(3);
        Assert.Contains("data/2030", result.StandardError, StringComparison.Ordinal);
        Assert.False(Directory.Exists(destination));
    }

    [Theory]
    [InlineData("../etc")]
    [InlineData("/etc/passwd")]
    [InlineData("data/../../x")]
    [InlineData("/")]
    public async Task Pull_WithEscapingPath_IsInvalid_AndCreatesNothing(string path)
    {
        var destination = _temp.Combine("escape");

        var result = await Infrastructure.Cli.RunAsync(_hub.Environment(), "pull", "years:v1", destination, "--path", path);

        result.AssertFailedWithOneLine(2);
        Assert.False(Directory.Exists(destination));
    }

    [Fact]
    public async Task RePull_OfASelectivePull_ComparesWithWhatItWrote()
    {
        var env = _hub.Environment();
        var destination = _temp.Combine("again");
        (await Infrastructure.Cli.RunAsync(env, "pull", "years:v1", destination, "--path", "data/2026")).AssertSuccess();
        (await Infrastructure.Cli.RunAsync(env, "pull", "years:v1", destination, "--path", "data/2026")).AssertSuccess();
        File.WriteAllText(Path.Join(destination, "data", "mine.txt"), "mine");

        var refused = await Infrastructure.Cli.RunAsync(env, "pull", "years:v1", destination);

        refused.AssertFailedWithOneLine(1);
        Assert.Contains("data/mine.txt (added)", refused.StandardError, StringComparison.Ordinal);
    }
}
