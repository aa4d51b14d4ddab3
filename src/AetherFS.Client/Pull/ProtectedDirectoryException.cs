namespace AetherFS.Client.Pull;

/// <summary>A destination that must never be replaced (the root, a home, the working directory, a mount point).</summary>
public sealed class ProtectedDirectoryException(string message) : Exception(message);
