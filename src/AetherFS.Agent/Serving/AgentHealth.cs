using AetherFS.Agent.Mounting;
using AetherFS.Agent.Sync;

namespace AetherFS.Agent.Serving;

/// <summary>The body of the agent's /healthz.</summary>
internal sealed record AgentHealth(string Status, IReadOnlyList<SyncStatus> Subscriptions, IReadOnlyList<MountStatus> Mounts, long CacheBytes, long CacheBudgetBytes)
{
    /// <summary>off, serve or fetch-only.</summary>
    public string PeerMode { get; init; } = "off";

    /// <summary>Each peer and its state (live, set_aside, self); empty with peer sharing off.</summary>
    public IReadOnlyList<AetherFS.Client.Peers.PeerState> Peers { get; init; } = [];
}
