namespace AetherFS.Client.Pull;

/// <summary>What a pull wrote and what it had to download; <see cref="CacheWarning"/> says why the cache went unused, if it did.</summary>
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
}
