using System.Diagnostics;
using System.Text.RegularExpressions;
using AetherFS.IntegrationTests.Infrastructure;

namespace AetherFS.IntegrationTests.Cli;

/// <summary>
/// Progress on a terminal names its phase and counts files; with --json (or off a terminal) there is none. The real
/// binary runs under script(1), which gives it a pseudo-terminal as a person's shell would.
/// </summary>
public sealed partial class ProgressTests : IClassFixture<HubFixture>, IDisposable
{
    private readonly HubHost _hub;
    private readonly TempDirectory _temp = new();

    public ProgressTests(HubFixture fixture) => _hub = fixture.Hub;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task OnATerminal_PushAndPull_ShowTheirPhaseAndCountFiles()
    {
        var source = _temp.Combine("src");
        for (var i = 0; i < 12; i++)
        {
            TreeBuilder.WriteFile(source, $"f{i}.bin", TreeBuilder.RandomBytes(4_000_000, i));
        }

        var push = await OnTerminalAsync("push", "-t", "progress:v1", source);
        Assert.Matches(@"uploading \d+/12 files", push);

        var pull = await OnTerminalAsync("pull", "progress:v1", _temp.Combine("dst"));
        Assert.Matches(@"writing \d+/12 files", pull);
        TreeAssert.Equal(source, _temp.Combine("dst"));

        var json = await OnTerminalAsync("pull", "--json", "progress:v1", _temp.Combine("dst2"));
        Assert.DoesNotContain("writing", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnATerminal_Gc_NamesWhatTheHubIsDoing_ButNotWithJson()
    {
        Assert.Contains("gc: finding garbage on the hub (dry run)", await OnTerminalAsync("gc", "--dry-run"), StringComparison.Ordinal);
        Assert.DoesNotContain("gc:", await OnTerminalAsync("gc", "--dry-run", "--json"), StringComparison.Ordinal);
    }

    // Everything the terminal showed, escape sequences removed.
    private async Task<string> OnTerminalAsync(params string[] args)
    {
        var environment = Infrastructure.Cli.Environment(_hub.Environment(_temp.Combine("cache")));
        environment.Remove("CI");
        var command = string.Join(' ', new[] { "dotnet", Infrastructure.Cli.AssemblyPath }.Concat(args).Select(a => $"'{a}'"));
        var info = new ProcessStartInfo("script") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-qec", command, "/dev/null" })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment.Clear();
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        var text = AnsiEscape().Replace(await output + await error, "");
        Assert.True(process.ExitCode == 0, text);
        return text;
    }

    [GeneratedRegex(@"\x1b\[[0-9;?]*[a-zA-Z]")]
    private static partial Regex AnsiEscape();
}
