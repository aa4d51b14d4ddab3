using System.Diagnostics;

namespace AetherFS.IntegrationTests.Infrastructure;

/// <summary>Runs the real aetherfs binary (the CLI project's build output) as a child process.</summary>
public static class Cli
{
    public static readonly string AssemblyPath = Path.Join(AppContext.BaseDirectory, "aetherfs.dll");
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(3);

    public static ProcessStartInfo StartInfo(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(AssemblyPath);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["CI"] = "true"; // no progress bars
        info.Environment.Remove("AETHERFS_HUB");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        return info;
    }

    public static async Task<CliResult> RunAsync(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        using var process = Process.Start(StartInfo(environment, args))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(DefaultTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"aetherfs {string.Join(' ', args)} did not finish in {DefaultTimeout}");
        }

        return new CliResult(process.ExitCode, await stdout, await stderr);
    }
}
