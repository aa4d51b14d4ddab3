using AetherFS.Agent.Mounting;
using AetherFS.Agent.Sync;

namespace AetherFS.Agent.Serving;

/// <summary>The body of the agent's /healthz.</summary>
internal sealed record AgentHealth(string Status, IReadOnlyList<SyncStatus> Subscriptions, IReadOnlyList<MountStatus> Mounts, long CacheBytes, long CacheBudgetBytes);
