namespace AetherFS.Storage.Blobs;

/// <summary>Where the local-disk store keeps its files.</summary>
public sealed class LocalBlobStoreOptions
{
    public required string RootPath { get; init; }

    /// <summary>Flush each write to disk before it becomes visible; off only for throwaway stores.</summary>
    public bool Fsync { get; init; } = true;
}
