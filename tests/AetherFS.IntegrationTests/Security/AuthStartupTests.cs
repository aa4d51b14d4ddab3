using AetherFS.Cli.Commands.Run;
using AetherFS.IntegrationTests.Infrastructure;

namespace AetherFS.IntegrationTests.Security;

/// <summary>How <c>run hub</c> starts with and without --auth-config.</summary>
public sealed class AuthStartupTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void OpenHub_ListensOnLoopbackOnly_UnlessToldOtherwise()
    {
        Assert.Equal("127.0.0.1", RunHubCommand.ParseOptions(["--storage-path", _temp.Combine("s")]).ListenAddress);
        Assert.Equal("0.0.0.0", RunHubCommand.ParseOptions(["--storage-path", _temp.Combine("s"), "--listen-address", "0.0.0.0"]).ListenAddress);
        Assert.Equal("0.0.0.0", RunHubCommand.ParseOptions(["--storage-path", _temp.Combine("s"), "--auth-config", _temp.Combine("auth.yaml")]).ListenAddress);
    }

    [Fact]
    public async Task OpenHub_SaysAtStart_ThatAnyoneMayDoAnything()
    {
        await using var hub = await HubProcess.StartAsync();

        await Eventually.HoldsAsync(
            () => Task.FromResult(hub.Output.Contains("no --auth-config: anyone who can reach 127.0.0.1 may read, push and delete every dataset", StringComparison.Ordinal)),
            "the open-hub warning",
            () => hub.Output);
    }

    [Fact]
    public async Task AmbiguousConfiguration_IsRefusedAtStart_WithOneLine()
    {
        var config = _temp.Combine("auth.yaml");
        await File.WriteAllTextAsync(config, "datasets:\n  \"a/*\": { authenticated: [read] }\n  \"*/b\": { authenticated: [read] }\n");

        var result = await Infrastructure.Cli.RunAsync(null, "run", "hub", "--port", "0", "--storage-path", _temp.Combine("store"), "--auth-config", config);

        result.AssertFailedWithOneLine(2);
        Assert.Contains("auth.yaml: datasets: \"a/*\" and \"*/b\" are equally specific", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingConfiguration_IsRefusedAtStart_WithOneLine()
    {
        var result = await Infrastructure.Cli.RunAsync(new Dictionary<string, string> { ["AUTH_CONFIG"] = _temp.Combine("absent.yaml") }, "run", "hub", "--port", "0", "--storage-path", _temp.Combine("store"));

        result.AssertFailedWithOneLine(2);
        Assert.Contains("cannot read the auth configuration", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HashPassword_PrintsAHashTheHubAccepts()
    {
        var info = Infrastructure.Cli.StartInfo(null, "auth", "hash-password");
        info.RedirectStandardInput = true;
        using var process = System.Diagnostics.Process.Start(info)!;
        await process.StandardInput.WriteLineAsync("hunter2");
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var output = await process.StandardOutput.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(0, process.ExitCode);
        Assert.DoesNotContain("hunter2", output, StringComparison.Ordinal);
        Assert.True(Hub.Security.PasswordHash.Parse(output.Trim())!.Verify("hunter2"));
    }
}
