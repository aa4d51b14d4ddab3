namespace AetherFS.Core.Packing;

/// <summary>
/// How far an archive may expand when it is extracted for a push: a small archive must not fill the temp disk
/// (a zip bomb) or its inode table. Each limit is checked while extracting, against bytes actually written, never
/// against sizes the archive claims.
/// </summary>
public sealed record ArchiveLimits
{
    /// <summary>The defaults: room for any real dataset a temp folder holds, far below what a bomb expands to.</summary>
    public static readonly ArchiveLimits Default = new();

    /// <summary>Bytes all extracted files may add up to.</summary>
    public long MaxTotalBytes { get; init; } = 256L * 1024 * 1024 * 1024;

    /// <summary>
    /// Extracted bytes per byte of archive. Real data rarely compresses beyond 20:1 (text, CSV, logs) and almost
    /// never beyond 100:1; a zip bomb reaches 1000:1 and more.
    /// </summary>
    public long MaxRatio { get; init; } = 200;

    /// <summary>Entries (files, directories, links) the archive may list.</summary>
    public long MaxEntries { get; init; } = 1_000_000;

    /// <summary>Below this many extracted bytes the ratio is not checked: a tiny archive of zeros harms no one.</summary>
    public long RatioFloorBytes { get; init; } = 16L * 1024 * 1024;
}
