namespace AetherFS.Agent.Sync;

/// <summary>A subscription's state for /healthz and logs; totals count since the agent started.</summary>
public sealed record SyncStatus(
    string Dataset,
    string Directory,
    SyncState State,
    string? Digest,
    DateTime? SyncedAt,
    string? LastError,
    int Syncs,
    long BlocksDownloaded,
    long BytesDownloaded,
    long BlocksFromCache,
    long BlocksFromPreviousVersion);
