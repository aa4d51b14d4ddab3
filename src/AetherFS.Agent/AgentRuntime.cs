using AetherFS.Agent.Configuration;
using AetherFS.Agent.Mounting;
using AetherFS.Agent.Sync;
using AetherFS.Client.Caching;
using AetherFS.Client.Fetch;
using AetherFS.Client.Hub;
using AetherFS.Client.Peers;
using AetherFS.Client.Push;
using AetherFS.Core.References;
using Microsoft.Extensions.Logging;

namespace AetherFS.Agent;

/// <summary>
/// What one agent process holds: the hub client, the budgeted block cache, the fetch engine shared by every
/// subscription (so a block shared by two datasets travels once) and one <see cref="SyncWorker"/> or
/// <see cref="MountWorker"/> each.
/// </summary>
public sealed class AgentRuntime : IDisposable
{
    private readonly AgentOptions _options;
    private readonly CancellationToken _stopping;
    private readonly PeerClient? _peerClient;

    /// <param name="stopping">Fires when the agent stops: AgentAPI.Subscribe streams end then, rather than hold the shutdown.</param>
    public AgentRuntime(AgentOptions options, ILoggerFactory loggers, TimeProvider? time = null, CancellationToken stopping = default)
    {
        _options = options;
        _stopping = stopping;
        time ??= TimeProvider.System;
        Hub = new HubClient(options.Hub, time: time, connection: options.HubConnection);
        Cache = new DiskBlockCache(options.CacheDirectory, options.CacheBudgetBytes);
        var pins = new CachePins(Cache);
        PeerMode = options.PeerMode;
        if (PeerMode != PeerMode.Off)
        {
            Peers = new PeerMembership(options.Peers, time, selfServes: PeerMode == PeerMode.Serve);
            // Peers that serve HTTPS are trusted as the hub is: the system's roots and --ca-cert.
            _peerClient = new PeerClient(options.PeerToken!, PeerId, options.PeerIdleTimeout, trustedRoots: options.HubConnection.TrustedRoots);
        }

        var fetcher = Fetcher = new BlockFetcher(Hub, Cache, peers: Peers is null ? null : new PeerFetcher(Peers, _peerClient!, options.PeerHedgeAfter, time));
        var assembler = new VersionAssembler(fetcher);
        Events = new SyncEvents();
        Workers = options.Syncs.Select(spec => new SyncWorker(spec, Hub, assembler, pins, Events, options, time, loggers.CreateLogger($"AetherFS.Agent.Sync[{spec.Name}:{spec.Tag}]"))).ToList();
        Mounts = options.Mounts.Select(spec => new MountWorker(spec, Hub, fetcher, options, time, loggers.CreateLogger($"AetherFS.Agent.Mount[{spec.Name}:{spec.Tag}]"))).ToList();
    }

    public HubClient Hub { get; }

    /// <summary>The fetch path every subscription and mount shares, and the peer endpoint serves from.</summary>
    public BlockFetcher Fetcher { get; }

    /// <summary>This agent's peers; null with peer sharing off.</summary>
    public PeerMembership? Peers { get; }

    public PeerMode PeerMode { get; }

    /// <summary>
    /// Sent with each peer request: an agent that receives its own id answers 421, and the sender learns that address
    /// is its own (a list or DNS name names every agent, this one included).
    /// </summary>
    public string PeerId { get; } = Guid.NewGuid().ToString("N");

    public DiskBlockCache Cache { get; }

    public SyncEvents Events { get; }

    public IReadOnlyList<SyncWorker> Workers { get; }

    /// <summary>One per <c>--mount</c>: they read through the same fetch engine and cache as the syncs.</summary>
    public IReadOnlyList<MountWorker> Mounts { get; }

    /// <summary>Degraded when any subscription cannot reach the hub or failed its last sync, or a mount is not serving.</summary>
    public bool IsDegraded => Workers.Any(w => w.Status.State == SyncState.Degraded) || Mounts.Any(m => m.Status.State != MountState.Mounted);

    /// <summary>
    /// Where each wanted subscription stands now, then every swap, until cancelled or the agent stops:
    /// AgentAPI.Subscribe over gRPC and REST. It listens before reporting the present, so no swap falls between the two.
    /// </summary>
    public async IAsyncEnumerable<SyncedVersion> VersionsAsync(Func<string, string, bool> wanted, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var until = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping);
        var swaps = Events.ListenAsync(until.Token).GetAsyncEnumerator(until.Token);
        await using (swaps)
        {
            foreach (var worker in Workers.Where(w => wanted(w.Spec.Name, w.Spec.Tag)))
            {
                if (worker.CurrentVersion is { } current)
                {
                    yield return current;
                }
            }

            while (await NextAsync(swaps, cancellationToken))
            {
                if (wanted(swaps.Current.Name, swaps.Current.Tag))
                {
                    yield return swaps.Current;
                }
            }
        }
    }

    // The next swap; false once the agent stops (the stream then ends normally), an exception if the caller cancelled.
    private async Task<bool> NextAsync(IAsyncEnumerator<SyncedVersion> swaps, CancellationToken cancellationToken)
    {
        try
        {
            return await swaps.MoveNextAsync();
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

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
        _peerClient?.Dispose();
    }
}
