using System.Diagnostics;

namespace AetherFS.Mount.Tests.Mounting;

/// <summary>Runs a real tool (find, ls, python3, fusermount3) against a mount, with a bound on how long it may take.</summary>
internal static class Tool
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string file, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    public static async Task<string> PythonAsync(string script, params string[] arguments)
    {
        var (exitCode, output, error) = await RunAsync("python3", ["-c", script, .. arguments]);
        Assert.True(exitCode == 0, error);
        return output.Trim();
    }

    /// <summary>Whether the kernel's mount table (as this process sees it) has a mount on <paramref name="directory"/>.</summary>
    public static bool IsMounted(string directory) =>
        File.ReadAllLines("/proc/self/mounts").Any(line => line.Split(' ')[1] == directory);
}
