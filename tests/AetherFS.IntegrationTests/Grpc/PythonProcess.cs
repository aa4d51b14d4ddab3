using System.Diagnostics;

namespace AetherFS.IntegrationTests.Grpc;

/// <summary>Runs Debian's python3 as a child process, with a timeout.</summary>
public static class PythonProcess
{
    // gRPC's C core honours proxy variables even for loopback targets; the tests talk to local hubs only.
    private static readonly string[] ProxyVariables = ["http_proxy", "https_proxy", "grpc_proxy", "HTTP_PROXY", "HTTPS_PROXY", "GRPC_PROXY", "all_proxy", "ALL_PROXY"];

    public static async Task<PythonResult> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, TimeSpan timeout, params string[] args)
    {
        var info = new ProcessStartInfo(InteropPaths.Python)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var variable in ProxyVariables)
        {
            info.Environment.Remove(variable);
        }

        // The test sources live in the repository: keep __pycache__ out of it.
        info.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        info.Environment["PYTHONUNBUFFERED"] = "1";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"python {string.Join(' ', args)} did not finish in {timeout}\n--- stderr ---\n{await stderr}\n--- stdout ---\n{await stdout}");
        }

        return new PythonResult(process.ExitCode, await stdout, await stderr);
    }
}
