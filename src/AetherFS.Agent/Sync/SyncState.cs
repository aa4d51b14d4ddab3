namespace AetherFS.Agent.Sync;

/// <summary>Where a subscription stands.</summary>
public enum SyncState
{
    /// <summary>No version on disk yet.</summary>
    Starting,

    /// <summary>The tag's current version is on disk.</summary>
    Synced,

    /// <summary>Assembling a new version beside the current one.</summary>
    Syncing,

    /// <summary>The hub cannot be reached or the last sync failed: the version on disk is served, retries continue.</summary>
    Degraded,
}
