using System.Diagnostics;
using System.Text.Json;

namespace AetherFS.IntegrationTests.Infrastructure;

/// <summary>
/// A real <c>aetherfs run agent</c> process, for what only a process shows (kill -9, SIGTERM): on a port it picks
/// itself, read back from its "listening on" line.
/// </summary>
public sealed class AgentProcess : IAgent, IAsyncDisposable
{
    private readonly Process _process;
    private readonly ProcessLog _log;
    private HttpClient? _http;

    private AgentProcess(Process process)
    {
        _process = process;
        _log = new ProcessLog(process, "agent");
    }

    public int Port { get; private set; }

    public Uri Url { get; private set; } = null!;

    public string Output => _log.Text;

    public static async Task<AgentProcess> StartAsync(IHub hub, string cacheDirectory, params string[] args)
    {
        // A test that must know the port before the agent starts (peers list each other) gives its own --port.
        var info = Cli.StartInfo(null, ["run", "agent", "--hub", hub.Url.ToString(), .. args.Contains("--port") ? Array.Empty<string>() : ["--port", "0"], "--cache-dir", cacheDirectory, .. args]);
        var agent = new AgentProcess(Process.Start(info)!);
        try
        {
            agent.Port = await agent._log.PortAsync();
        }
        catch
        {
            await agent.DisposeAsync();
            throw;
        }

        agent.Url = new Uri($"http://127.0.0.1:{agent.Port}/");
        agent._http = new HttpClient { BaseAddress = agent.Url, Timeout = TimeSpan.FromSeconds(10) };
        return agent;
    }

    public Task<(int Status, JsonElement Body)> HealthAsync() => AgentHealth.ReadAsync(_http!);

    public async Task<JsonElement> SubscriptionAsync(int index = 0) => (await HealthAsync()).Body.GetProperty("subscriptions")[index];

    public Task WaitForAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null) =>
        Eventually.HoldsAsync(condition, $"agent: {what}", () => Output, timeout);

    /// <summary>SIGTERM, as systemd or Kubernetes stop a service; the exit code.</summary>
    public async Task<int> StopAsync()
    {
        Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    /// <summary>SIGKILL, as a crash or the OOM killer would.</summary>
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
        _http?.Dispose();
    }
}
