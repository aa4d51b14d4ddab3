using AetherFS.IntegrationTests.Infrastructure;

namespace AetherFS.IntegrationTests.Cli;

/// <summary>
/// <c>pull --force</c> never replaces a home, the working directory or one of its parents: each test points HOME and
/// the working directory into its own temp directory, so a regression deletes nothing but test files.
/// </summary>
public sealed class ProtectedDestinationTests : IClassFixture<HubFixture>, IDisposable
{
    private readonly HubHost _hub;
    private readonly TempDirectory _temp = new();

    public ProtectedDestinationTests(HubFixture fixture) => _hub = fixture.Hub;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Pull_IntoTheHomeDirectoryOrItsParent_IsRefusedEvenWithForce()
    {
        await PushSampleAsync("home-guard:v1");
        var home = _temp.Combine("users", "me");
        TreeBuilder.WriteFile(home, "precious.txt", "keep me"u8.ToArray());
        var environment = new Dictionary<string, string>(_hub.Environment()) { ["HOME"] = home };

        foreach (var destination in new[] { home, home + "/", _temp.Combine("users") })
        {
            var result = await Infrastructure.Cli.RunAsync(environment, "pull", "home-guard:v1", destination, "--force");

            result.AssertFailedWithOneLine(2);
            Assert.Contains("home directory", result.StandardError, StringComparison.Ordinal);
        }

        Assert.Equal("keep me", File.ReadAllText(Path.Join(home, "precious.txt")));
    }

    [Fact]
    public async Task Pull_IntoASymlinkToTheHomeDirectory_IsRefusedEvenWithForce()
    {
        await PushSampleAsync("home-link-guard:v1");
        var home = _temp.Combine("home");
        TreeBuilder.WriteFile(home, "precious.txt", "keep me"u8.ToArray());
        var link = _temp.Combine("link-to-home");
        Directory.CreateSymbolicLink(link, home);
        var environment = new Dictionary<string, string>(_hub.Environment()) { ["HOME"] = home };

        (await Infrastructure.Cli.RunAsync(environment, "pull", "home-link-guard:v1", link, "--force")).AssertFailedWithOneLine(2);

        Assert.Equal("keep me", File.ReadAllText(Path.Join(home, "precious.txt")));
    }

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("../..")]
    public async Task Pull_IntoTheWorkingDirectoryOrAParent_IsRefusedEvenWithForce(string destination)
    {
        await PushSampleAsync("cwd-guard:v1");
        var top = _temp.Combine("top");
        var working = _temp.Combine("top", "project", "sub");
        TreeBuilder.WriteFile(working, "precious.txt", "keep me"u8.ToArray());
        TreeBuilder.WriteFile(top, "also-precious.txt", "keep me too"u8.ToArray());
        var environment = new Dictionary<string, string>(_hub.Environment()) { ["HOME"] = _temp.Combine("elsewhere") };

        var result = await Infrastructure.Cli.RunProcessInAsync(working, environment, "pull", "cwd-guard:v1", destination, "--force");

        result.AssertFailedWithOneLine(2);
        Assert.Contains("current directory", result.StandardError, StringComparison.Ordinal);
        Assert.Equal("keep me", File.ReadAllText(Path.Join(working, "precious.txt")));
        Assert.Equal("keep me too", File.ReadAllText(Path.Join(top, "also-precious.txt")));
    }

    [Fact]
    public async Task Pull_IntoANewDirectoryInsideTheWorkingDirectory_StillWorks()
    {
        var source = await PushSampleAsync("cwd-child:v1");
        var working = _temp.Combine("work");
        Directory.CreateDirectory(working);
        var environment = new Dictionary<string, string>(_hub.Environment()) { ["HOME"] = _temp.Combine("elsewhere") };

        (await Infrastructure.Cli.RunProcessInAsync(working, environment, "pull", "cwd-child:v1", "data", "--force")).AssertSuccess();

        TreeAssert.Equal(source, Path.Join(working, "data"));
    }

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    public async Task Agent_SyncingIntoTheWorkingDirectoryOrAParent_IsRefused(string directory)
    {
        var working = _temp.Combine("agent-work", "sub");
        Directory.CreateDirectory(working);
        var environment = new Dictionary<string, string>(_hub.Environment()) { ["HOME"] = _temp.Combine("elsewhere") };

        var result = await Infrastructure.Cli.RunProcessInAsync(working, environment, "run", "agent", "--port", "0", "--sync", "guarded:v1=" + directory);

        result.AssertFailedWithOneLine(2);
        Assert.Contains("current directory", result.StandardError, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(working));
    }

    private async Task<string> PushSampleAsync(string reference)
    {
        var source = _temp.Combine("src-" + reference.Replace(':', '-'));
        TreeBuilder.WriteFile(source, "data.txt", "dataset"u8.ToArray());
        (await Infrastructure.Cli.RunAsync(_hub.Environment(), "push", "-t", reference, source)).AssertSuccess();
        return source;
    }
}
