namespace AetherFS.Agent.Mounting;

/// <summary>Where one of the agent's mounts stands.</summary>
public enum MountState
{
    /// <summary>Not mounted yet: the tag is not there or the hub cannot be reached; retries continue.</summary>
    Waiting,

    /// <summary>Serving, following the tag.</summary>
    Mounted,

    /// <summary>Ended from outside (<c>fusermount3 -u</c>) or refused by the kernel: not mounted again until a restart.</summary>
    Ended,
}
