using AetherFS.IntegrationTests.Infrastructure;

namespace AetherFS.IntegrationTests.Cli;

/// <summary>Pulling again into an earlier pull's DEST: replaced when untouched, refused when the user changed it.</summary>
public sealed class RePullTests : IClassFixture<HubFixture>, IDisposable
{
    private readonly HubHost _hub;
    private readonly TempDirectory _temp = new();

    public RePullTests(HubFixture fixture) => _hub = fixture.Hub;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task RePull_OfAnUntouchedDestination_ReplacesItWithoutForce()
    {
        var env = await PushAndPullAsync("untouched");
        TreeBuilder.WriteFile(_temp.Combine("untouched-src"), "new.txt", "v2"u8.ToArray());
        (await Infrastructure.Cli.RunAsync(env, "push", "-t", "untouched:v2", _temp.Combine("untouched-src"))).AssertSuccess();

        (await Infrastructure.Cli.RunAsync(env, "pull", "untouched:v1", _temp.Combine("untouched-dst"))).AssertSuccess();
        (await Infrastructure.Cli.RunAsync(env, "pull", "untouched:v2", _temp.Combine("untouched-dst"))).AssertSuccess();

        TreeAssert.Equal(_temp.Combine("untouched-src"), _temp.Combine("untouched-dst"));
    }

    [Fact]
    public async Task RePull_AfterAFileWasAdded_IsRefusedAndKeepsIt()
    {
        var env = await PushAndPullAsync("added");
        var destination = _temp.Combine("added-dst");
        File.WriteAllText(Path.Join(destination, "data", "mine.txt"), "my notes");

        var result = await Infrastructure.Cli.RunAsync(env, "pull", "added:v1", destination);

        result.AssertFailedWithOneLine(1);
        Assert.Contains("data/mine.txt (added)", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("--force", result.StandardError, StringComparison.Ordinal);
        Assert.Equal("my notes", File.ReadAllText(Path.Join(destination, "data", "mine.txt")));
    }

    [Fact]
    public async Task RePull_AfterAFileWasEdited_IsRefusedAndKeepsTheEdit()
    {
        var env = await PushAndPullAsync("edited");
        var destination = _temp.Combine("edited-dst");
        // Same size: only the mtime tells.
        File.WriteAllText(Path.Join(destination, "a.txt"), "AAAA");

        var result = await Infrastructure.Cli.RunAsync(env, "pull", "edited:v1", destination);

        result.AssertFailedWithOneLine(1);
        Assert.Contains("a.txt (modified)", result.StandardError, StringComparison.Ordinal);
        Assert.Equal("AAAA", File.ReadAllText(Path.Join(destination, "a.txt")));
    }

    [Fact]
    public async Task RePull_AfterAFileWasDeletedOrChmodded_IsRefused()
    {
        var env = await PushAndPullAsync("deleted");
        var destination = _temp.Combine("deleted-dst");
        File.Delete(Path.Join(destination, "data", "b.bin"));
        File.SetUnixFileMode(Path.Join(destination, "a.txt"), UnixFileMode.UserRead);

        var result = await Infrastructure.Cli.RunAsync(env, "pull", "deleted:v1", destination);

        result.AssertFailedWithOneLine(1);
        Assert.Contains("data/b.bin (deleted)", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("a.txt (modified)", result.StandardError, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Join(destination, "data", "b.bin")));
    }

    [Fact]
    public async Task RePull_WithForce_DiscardsTheLocalChanges()
    {
        var env = await PushAndPullAsync("forced");
        var destination = _temp.Combine("forced-dst");
        File.WriteAllText(Path.Join(destination, "a.txt"), "edited locally");
        File.WriteAllText(Path.Join(destination, "extra.txt"), "extra");

        (await Infrastructure.Cli.RunAsync(env, "pull", "forced:v1", destination, "--force")).AssertSuccess();

        TreeAssert.Equal(_temp.Combine("forced-src"), destination);
    }

    [Fact]
    public async Task RePull_NamesTheFirstFewChangesAndCountsTheRest()
    {
        var env = await PushAndPullAsync("many");
        var destination = _temp.Combine("many-dst");
        for (var i = 0; i < 10; i++)
        {
            File.WriteAllText(Path.Join(destination, $"new-{i}.txt"), "x");
        }

        var result = await Infrastructure.Cli.RunAsync(env, "pull", "many:v1", destination);

        result.AssertFailedWithOneLine(1);
        Assert.Contains("and 7 more", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RePull_WhileAnotherPullHasRecordedButNotSwapped_StillReplacesTheDestination()
    {
        var env = await PushAndPullAsync("racing");
        var destination = _temp.Combine("racing-dst");
        TreeBuilder.WriteFile(_temp.Combine("racing-src"), "v2.txt", "v2"u8.ToArray());
        (await Infrastructure.Cli.RunAsync(env, "push", "-t", "racing:v2", _temp.Combine("racing-src"))).AssertSuccess();
        // DEST as v1 left it, while the registry already names v2: what a pull into DEST sees between another pull's
        // record and its swap.
        await RunAsync("cp", "-a", destination, _temp.Combine("racing-v1"));
        (await Infrastructure.Cli.RunAsync(env, "pull", "racing:v2", destination)).AssertSuccess();
        Directory.Delete(destination, recursive: true);
        Directory.Move(_temp.Combine("racing-v1"), destination);

        (await Infrastructure.Cli.RunAsync(env, "pull", "racing:v2", destination)).AssertSuccess();

        TreeAssert.Equal(_temp.Combine("racing-src"), destination);
    }

    private static async Task RunAsync(string program, params string[] args)
    {
        using var process = System.Diagnostics.Process.Start(program, args);
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
    }

    // Pushes a small tree as NAME:v1 and pulls it into NAME-dst; returns the environment (one cache) to pull again with.
    private async Task<IReadOnlyDictionary<string, string>> PushAndPullAsync(string name)
    {
        var source = _temp.Combine(name + "-src");
        TreeBuilder.WriteFile(source, "a.txt", "aaaa"u8.ToArray(), modified: new DateTime(2022, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        TreeBuilder.WriteFile(source, "data/b.bin", TreeBuilder.RandomBytes(10_000, 9));
        var env = _hub.Environment();
        (await Infrastructure.Cli.RunAsync(env, "push", "-t", name + ":v1", source)).AssertSuccess();
        (await Infrastructure.Cli.RunAsync(env, "pull", name + ":v1", _temp.Combine(name + "-dst"))).AssertSuccess();
        return env;
    }
}
