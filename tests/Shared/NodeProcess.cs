using System.Diagnostics;

namespace AetherFS.Testing;

/// <summary>
/// A Node server a test starts (s3rver, the OIDC issuer): its output kept for error messages, and killed with its
/// children on dispose, as a crash would end it.
/// </summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];

    private NodeProcess(ProcessStartInfo info)
    {
        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, e) => Remember(e.Data);
        _process.ErrorDataReceived += (_, e) => Remember(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <param name="arguments">The script and its arguments.</param>
    public static NodeProcess Start(IEnumerable<string> arguments, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? string.Empty,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        return new NodeProcess(info);
    }

    /// <summary>The last <paramref name="lines"/> lines it wrote (stdout and stderr), for an error message.</summary>
    public string Output(int lines = int.MaxValue)
    {
        lock (_output)
        {
            return string.Join('\n', _output.TakeLast(lines));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Remember(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.Add(line);
            }
        }
    }
}
