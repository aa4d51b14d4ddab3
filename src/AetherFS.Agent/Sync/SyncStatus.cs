namespace AetherFS.Agent.Sync;

/// <summary>
/// A subscription's state for /healthz and logs; totals count since the agent started. Blocks that came as deltas
/// (<see cref="BlocksDelta"/>, <see cref="BytesDelta"/>) are among those downloaded; deltas the agent could not use
/// (<see cref="DeltaFallbacks"/>: a base not at hand, or a delta that did not verify) were fetched again full.
/// <see cref="BytesDownloaded"/> counts the manifests too (<see cref="ManifestBytes"/>, as received); those that came as
/// deltas against the manifest of the version on disk are counted in <see cref="ManifestsDelta"/>. Blocks other agents
/// served (<see cref="BlocksFromPeers"/>, <see cref="BytesFromPeers"/> as they travelled) are not among those downloaded;
/// <see cref="BytesFromCache"/> counts the raw bytes of the blocks the cache gave: bytes by source, per subscription.
/// </summary>
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
    long BlocksFromPreviousVersion,
    long BlocksDelta,
    long BytesDelta,
    long DeltaFallbacks,
    long ManifestBytes = 0,
    long ManifestsDelta = 0,
    long BlocksFromPeers = 0,
    long BytesFromPeers = 0,
    long BytesFromCache = 0);
