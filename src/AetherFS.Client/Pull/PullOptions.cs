namespace AetherFS.Client.Pull;

/// <summary>How a pull fetches and where it keeps its block cache.</summary>
public sealed class PullOptions
{
    public const long DefaultCacheBudgetBytes = 10L * 1024 * 1024 * 1024;

    /// <summary>Root of the local block cache (segments/ under it) and of the record of past pulls (pulls/).</summary>
    public required string CacheDirectory { get; init; }

    /// <summary>Restore setuid, setgid and sticky bits as the manifest records them; stripped by default.</summary>
    public bool KeepSpecialBits { get; init; }

    /// <summary>Bytes of blocks fetched ahead of the writer; the memory a pull holds.</summary>
    public int PrefetchBytes { get; init; } = 32 * 1024 * 1024;

    /// <summary>
    /// Write downloaded blocks into the cache (the default). Off, a pull still takes blocks the cache has but
    /// writes each byte once, into DEST only: faster one-off pulls, at the price of downloading again later.
    /// </summary>
    public bool WriteCache { get; init; } = true;

    /// <summary>The most bytes the block cache keeps (least recently used blocks go first).</summary>
    public long CacheBudgetBytes { get; init; } = DefaultCacheBudgetBytes;

    /// <summary>Pull only these files or subtrees (dataset paths); all of the version when empty.</summary>
    public IReadOnlyList<string> Paths { get; init; } = [];

    /// <summary>Replace a destination that holds something other than an earlier pull, or one changed since.</summary>
    public bool Force { get; init; }

    /// <summary>The per-user default: $XDG_CACHE_HOME/aetherfs, else ~/.cache/aetherfs.</summary>
    public static string DefaultCacheDirectory()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var root = string.IsNullOrEmpty(xdg) ? Path.Join(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache") : xdg;
        return Path.Join(root, "aetherfs");
    }
}
