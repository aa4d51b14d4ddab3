using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace AetherFS.IntegrationTests.Infrastructure;

/// <summary>A real agent (<c>aetherfs run agent</c>) on a free loopback port, following a hub.</summary>
public sealed class AgentProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly HttpClient _http;

    private AgentProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        Url = new Uri($"http://127.0.0.1:{port}/");
        _http = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(10) };
        process.OutputDataReceived += (_, e) => Record(e.Data);
        process.ErrorDataReceived += (_, e) => Record(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Port { get; }

    public Uri Url { get; }

    public string Output => string.Join('\n', _output);

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static async Task<AgentProcess> StartAsync(HubProcess hub, string cacheDirectory, params string[] args)
    {
        var port = HubProcess.FreePort();
        var info = Cli.StartInfo(null, ["run", "agent", "--hub", hub.Url.ToString(), "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--cache-dir", cacheDirectory, .. args]);
        var agent = new AgentProcess(Process.Start(info)!, port);
        await agent.WaitUntilListeningAsync();
        return agent;
    }

    /// <summary>The agent's /healthz: HTTP status and body.</summary>
    public async Task<(int Status, JsonElement Body)> HealthAsync()
    {
        using var response = await _http.GetAsync(new Uri("healthz", UriKind.Relative));
        return ((int)response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    /// <summary>The first subscription's status from /healthz.</summary>
    public async Task<JsonElement> SubscriptionAsync(int index = 0) => (await HealthAsync()).Body.GetProperty("subscriptions")[index];

    /// <summary>Polls until <paramref name="condition"/> holds, failing with the agent's output after <paramref name="timeout"/>.</summary>
    public async Task WaitForAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"agent: {what} did not happen in time\n{Output}");
    }

    /// <summary>SIGTERM, as systemd or Kubernetes stop a service; the exit code.</summary>
    public async Task<int> StopAsync()
    {
        Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
        _http.Dispose();
    }

    private void Record(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }

    private Task WaitUntilListeningAsync() => WaitForAsync(
        async () =>
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"agent exited with {_process.ExitCode}\n{Output}");
            }

            using var response = await _http.GetAsync(new Uri("healthz", UriKind.Relative));
            return true;
        },
        "listening");
}
