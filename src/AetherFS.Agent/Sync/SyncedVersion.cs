namespace AetherFS.Agent.Sync;

/// <summary>A version that is now complete on disk and current for its tag.</summary>
public sealed record SyncedVersion(string Name, string Tag, string Digest, string Path, DateTime At);
