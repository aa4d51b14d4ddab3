using AetherFS.Agent.Configuration;
using AetherFS.Agent.Sync;
using AetherFS.Client.Caching;
using AetherFS.Client.Fetch;
using AetherFS.Client.Hub;
using AetherFS.Client.Push;
using AetherFS.Core.References;
using Microsoft.Extensions.Logging;

namespace AetherFS.Agent;

/// <summary>
/// What one agent process holds: the hub client, the budgeted block cache, the fetch engine shared by every
/// subscription (so a block shared by two datasets travels once) and one <see cref="SyncWorker"/> each.
/// </summary>
public sealed class AgentRuntime : IDisposable
{
    private readonly AgentOptions _options;

    public AgentRuntime(AgentOptions options, ILoggerFactory loggers)
    {
        _options = options;
        Hub = new HubClient(options.Hub);
        Cache = new DiskBlockCache(options.CacheDirectory, options.CacheBudgetBytes);
        var pins = new CachePins(Cache);
        var assembler = new VersionAssembler(new BlockFetcher(Hub, Cache));
        Events = new SyncEvents();
        Workers = options.Syncs.Select(spec => new SyncWorker(spec, Hub, assembler, pins, Events, options, loggers.CreateLogger($"AetherFS.Agent.Sync[{spec.Name}:{spec.Tag}]"))).ToList();
    }

    public HubClient Hub { get; }

    public DiskBlockCache Cache { get; }

    public SyncEvents Events { get; }

    public IReadOnlyList<SyncWorker> Workers { get; }

    /// <summary>Degraded when any subscription cannot reach the hub or failed its last sync.</summary>
    public bool IsDegraded => Workers.Any(w => w.Status.State == SyncState.Degraded);

    /// <summary>Pushes a local directory (or archive) to the hub under the given tags: AgentAPI.Publish.</summary>
    public Task<PushResult> PublishAsync(string path, IReadOnlyList<DatasetReference> targets, CancellationToken cancellationToken)
    {
        var engine = new PushEngine(Hub, new PushOptions { CacheDirectory = _options.CacheDirectory, Publisher = $"aetherfs-agent@{Environment.MachineName}" });
        return engine.PushAsync(path, targets, null, cancellationToken);
    }

    public void Dispose()
    {
        foreach (var worker in Workers)
        {
            worker.Dispose();
        }

        Hub.Dispose();
    }
}
