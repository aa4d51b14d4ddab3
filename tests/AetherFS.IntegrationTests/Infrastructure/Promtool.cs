using System.Diagnostics;

namespace AetherFS.IntegrationTests.Infrastructure;

/// <summary>Prometheus' own checker (Debian package <c>prometheus</c>, installed by .ci/run): <c>promtool check metrics</c>.</summary>
public static class Promtool
{
    /// <summary>promtool's exit code (0 valid, 1 unparseable, 3 lint problems) and what it said.</summary>
    public static async Task<(int ExitCode, string Output)> CheckMetricsAsync(string exposition)
    {
        var start = new ProcessStartInfo("promtool", ["check", "metrics"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("promtool did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(exposition);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }
}
