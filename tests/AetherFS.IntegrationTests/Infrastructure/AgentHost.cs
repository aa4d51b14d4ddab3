using System.Text.Json;
using AetherFS.Agent;
using AetherFS.Agent.Configuration;
using AetherFS.Cli.Commands.Run;
using AetherFS.Cli.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AetherFS.IntegrationTests.Infrastructure;

/// <summary>
/// An agent in the test process: the application <c>aetherfs run agent</c> builds, from the same flags, on a loopback
/// port the kernel picks. <see cref="AgentProcess"/> is the real process, for kills and signals.
/// </summary>
public sealed class AgentHost : IAgent, IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CapturingLoggerProvider _logs;
    private readonly Task _run;
    private readonly HttpClient _http;

    private AgentHost(WebApplication app, CapturingLoggerProvider logs)
    {
        _app = app;
        _logs = logs;
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        Port = address.Port;
        Url = new Uri($"http://127.0.0.1:{Port}/");
        _http = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(10) };
        // As `run agent` does: the host runs until something (AgentAPI's GracefulShutdown, a test) stops it.
        _run = app.WaitForShutdownAsync();
    }

    public int Port { get; }

    public Uri Url { get; }

    public string Output => _logs.Text;

    public bool HasExited => _run.IsCompleted;

    /// <summary>0 once the agent stopped cleanly.</summary>
    public int ExitCode => _run.IsCompletedSuccessfully ? 0 : 1;

    /// <param name="args">More flags of <c>run agent</c>: <c>--sync</c>, <c>--config</c>, <c>--cache-size</c>...</param>
    public static Task<AgentHost> StartAsync(IHub hub, string cacheDirectory, params string[] args) => StartAsync(hub, cacheDirectory, null, args);

    /// <param name="time">The agent's clock (its backoffs and retries); tests that need time to pass give a fake one.</param>
    public static async Task<AgentHost> StartAsync(IHub hub, string cacheDirectory, TimeProvider? time, params string[] args)
    {
        // A test that must know the port before the agent starts (peers list each other) gives its own --port; one that
        // puts a proxy in front of the hub, its own --hub.
        string[] arguments = [.. args.Contains("--hub") ? Array.Empty<string>() : ["--hub", hub.Url.ToString()], .. args.Contains("--port") ? Array.Empty<string>() : ["--port", "0"], "--cache-dir", cacheDirectory, .. args];
        AgentOptions options;
        using (CliEnvironment.Use(Cli.Environment(null)))
        {
            options = RunAgentCommand.ParseOptions(arguments);
        }

        var logs = new CapturingLoggerProvider();
        var app = AgentApplication.Build(options, logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Debug), time);
        await app.StartAsync();
        return new AgentHost(app, logs);
    }

    public Task<(int Status, JsonElement Body)> HealthAsync() => AgentHealth.ReadAsync(_http);

    public async Task<JsonElement> SubscriptionAsync(int index = 0) => (await HealthAsync()).Body.GetProperty("subscriptions")[index];

    public Task WaitForAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null) =>
        Eventually.HoldsAsync(condition, $"agent: {what}", () => Output, timeout);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _run;
        await _app.DisposeAsync();
        _http.Dispose();
    }
}
