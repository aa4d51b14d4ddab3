using Microsoft.Extensions.Hosting;

namespace AetherFS.Agent.Mounting;

/// <summary>Runs every mount for the life of the host; on stop, each is unmounted (files still open stay served until closed).</summary>
internal sealed class MountHostedService : BackgroundService
{
    private readonly AgentRuntime _runtime;

    public MountHostedService(AgentRuntime runtime) => _runtime = runtime;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_runtime.Mounts.Select(m => Task.Run(() => m.RunAsync(stoppingToken), CancellationToken.None)));
}
