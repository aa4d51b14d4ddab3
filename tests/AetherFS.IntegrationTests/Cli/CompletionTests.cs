using System.Diagnostics;
using AetherFS.IntegrationTests.Infrastructure;

namespace AetherFS.IntegrationTests.Cli;

/// <summary><c>aetherfs completion bash</c>, sourced into a real bash and asked what TAB would offer.</summary>
public sealed class CompletionTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("pu", "pull push")]
    [InlineData("run h", "hub")]
    [InlineData("retention s", "set show")]
    [InlineData("--log-level debug pull --ca", "--ca-cert --cache-dir --cache-size")]
    [InlineData("run agent --sy", "--sync")]
    [InlineData("push --pack", "--pack-size")]
    public async Task Bash_OffersSubcommandsAndOptions(string typed, string offered)
    {
        var script = _temp.Combine("aetherfs.bash");
        var completion = await Infrastructure.Cli.RunAsync(null, "completion", "bash");
        completion.AssertSuccess();
        await File.WriteAllTextAsync(script, completion.StandardOutput);

        var words = typed.Split(' ');
        // The line being completed ends in the word under the cursor: COMP_WORDS holds every word, COMP_CWORD its index.
        var probe = $"source '{script}'; COMP_WORDS=(aetherfs {string.Join(' ', words.Select(w => $"'{w}'"))}); COMP_CWORD={words.Length}; _aetherfs; echo \"${{COMPREPLY[*]}}\"";

        Assert.Equal(offered, string.Join(' ', (await BashAsync(probe)).Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal)));
    }

    [Theory]
    [InlineData("zsh", "bashcompinit")]
    [InlineData("fish", "complete -c aetherfs -n '__fish_seen_subcommand_from pull' -l cache-size")]
    public async Task OtherShells_GetTheirOwnScript(string shell, string expected)
    {
        var result = await Infrastructure.Cli.RunAsync(null, "completion", shell);

        result.AssertSuccess();
        Assert.Contains(expected, result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownShell_IsOneLine()
    {
        (await Infrastructure.Cli.RunAsync(null, "completion", "tcsh")).AssertFailedWithOneLine(2);
    }

    private static async Task<string> BashAsync(string command)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("--norc");
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(command);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, await error);
        return (await output).Trim();
    }
}
