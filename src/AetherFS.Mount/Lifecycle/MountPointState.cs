namespace AetherFS.Mount.Lifecycle;

/// <summary>What a directory named as a mount point is, before anything is mounted on it.</summary>
public enum MountPointState
{
    /// <summary>An existing, empty directory that nothing is mounted on.</summary>
    Ready,
    Missing,
    NotDirectory,
    NotEmpty,

    /// <summary>Something live is mounted there (an aetherfs mount still served, or any other file system).</summary>
    AlreadyMounted,

    /// <summary>An aetherfs mount whose process is gone: the directory answers ENOTCONN until it is detached.</summary>
    Stale,
}
