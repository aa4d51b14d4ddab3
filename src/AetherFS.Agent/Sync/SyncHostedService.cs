using Microsoft.Extensions.Hosting;

namespace AetherFS.Agent.Sync;

/// <summary>Runs every subscription for the life of the host; on stop, each finishes a swap in progress and returns.</summary>
internal sealed class SyncHostedService : BackgroundService
{
    private readonly AgentRuntime _runtime;

    public SyncHostedService(AgentRuntime runtime) => _runtime = runtime;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_runtime.Workers.Select(w => Task.Run(() => w.RunAsync(stoppingToken), CancellationToken.None)));
}
