namespace AetherFS.Client.Pull;

/// <summary>
/// What a pull wrote and what it had to download; <see cref="CacheWarning"/> says why the cache went unused, if it did.
/// <see cref="BytesDownloaded"/> counts every payload received, deltas and bases fetched for them included, and the manifest.
/// </summary>
public sealed record PullResult(
    string Digest,
    string Destination,
    int Files,
    long Bytes,
    int Blocks,
    int BlocksDownloaded,
    long BytesDownloaded,
    int BlocksReused,
    string? CacheWarning = null)
{
    /// <summary>Wall-clock seconds the command took, set by the CLI for <c>--json</c>.</summary>
    public double Seconds { get; init; }

    /// <summary>Blocks (of <see cref="BlocksDownloaded"/>) that came as deltas against the version DEST held.</summary>
    public int BlocksDelta { get; init; }

    /// <summary>Payload bytes (of <see cref="BytesDownloaded"/>) received as deltas.</summary>
    public long BytesDelta { get; init; }

    /// <summary>The manifest's bytes as received (of <see cref="BytesDownloaded"/>): a delta or the full payload.</summary>
    public long ManifestBytes { get; init; }

    /// <summary>Whether the manifest came as a delta against the one DEST held.</summary>
    public bool ManifestAsDelta { get; init; }
}
