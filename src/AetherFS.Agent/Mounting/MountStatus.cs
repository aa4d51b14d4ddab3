namespace AetherFS.Agent.Mounting;

/// <summary>A mount's state for /healthz; the counts are its reads' since it was mounted.</summary>
public sealed record MountStatus(
    string Dataset,
    string Directory,
    MountState State,
    string? Digest,
    string? LastError,
    long BlocksFromHub,
    long BytesFromHub,
    long BlocksFromCache);
