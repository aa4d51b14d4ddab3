using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace AetherFS.IntegrationTests.Infrastructure;

/// <summary>
/// What a started <c>aetherfs run hub|agent</c> process prints, line by line, and the port its "listening on" line
/// names: it binds port 0, so the port it took is only known from there.
/// </summary>
public sealed class ProcessLog
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly TaskCompletionSource<int> _port = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Regex _listening;

    /// <param name="role">"hub" or "agent", as its listening line says.</param>
    public ProcessLog(Process process, string role)
    {
        _listening = new Regex($@"{role} listening on https?://[^:\s]+:(\d+)", RegexOptions.CultureInvariant);
        process.OutputDataReceived += (_, e) => Remember(e.Data);
        process.ErrorDataReceived += (_, e) => Remember(e.Data);
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => _port.TrySetException(new InvalidOperationException($"the {role} exited before it listened\n{Text}"));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Text => string.Join('\n', _lines);

    /// <summary>The port from the listening line; fails if the process exits first or says nothing within a minute.</summary>
    public Task<int> PortAsync() => _port.Task.WaitAsync(StartTimeout);

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        _lines.Enqueue(line);
        if (_listening.Match(line) is { Success: true } match)
        {
            _port.TrySetResult(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
