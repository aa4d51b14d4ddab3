using System.Collections.Concurrent;
using System.Diagnostics;

namespace AetherFS.IntegrationTests.Infrastructure;

/// <summary>
/// A real <c>aetherfs mount</c> process, for what only a process shows (SIGTERM, kill -9, an unmount from outside):
/// started, then waited for until its "mounted" line says the directory is served.
/// </summary>
public sealed class MountProcess : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly TaskCompletionSource<string> _mounted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private MountProcess(Process process, string directory)
    {
        _process = process;
        Directory = directory;
        process.OutputDataReceived += (_, e) => Remember(e.Data);
        process.ErrorDataReceived += (_, e) => Remember(e.Data);
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => _mounted.TrySetException(new InvalidOperationException($"aetherfs mount exited before it mounted\n{Output}"));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Directory { get; }

    public string Output => string.Join('\n', _lines);

    public bool HasExited => _process.HasExited;

    /// <summary>Starts <c>aetherfs mount REFERENCE DIRECTORY ARGS</c> and waits for its "mounted" line, which it returns.</summary>
    public static async Task<(MountProcess Mount, string Ready)> StartAsync(IReadOnlyDictionary<string, string> environment, string reference, string directory, params string[] args)
    {
        var mount = new MountProcess(Process.Start(Cli.StartInfo(environment, ["mount", reference, directory, .. args]))!, directory);
        try
        {
            return (mount, await mount._mounted.Task.WaitAsync(Timeout));
        }
        catch
        {
            await mount.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGTERM, as systemd or Kubernetes stop a service (SIGINT with <paramref name="signal"/> INT, as Ctrl+C); the exit code.</summary>
    public async Task<int> StopAsync(string signal = "TERM")
    {
        Process.Start("kill", ["-" + signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
        return await ExitAsync();
    }

    /// <summary>The exit code, once the process ends by itself (an unmount from outside).</summary>
    public async Task<int> ExitAsync()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: the mount is left behind, stale.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>Kills the process if still running and detaches whatever is left mounted.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
        await DetachAsync(Directory);
    }

    /// <summary><c>fusermount3 -u -z</c>, ignoring "not mounted": the clean-up every mounting test ends with.</summary>
    public static async Task DetachAsync(string directory)
    {
        using var detach = Process.Start(new ProcessStartInfo("fusermount3", ["-u", "-z", directory]) { RedirectStandardError = true, UseShellExecute = false })!;
        await detach.StandardError.ReadToEndAsync();
        await detach.WaitForExitAsync();
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        _lines.Enqueue(line);
        if (line.StartsWith("mounted ", StringComparison.Ordinal))
        {
            _mounted.TrySetResult(line);
        }
    }
}
