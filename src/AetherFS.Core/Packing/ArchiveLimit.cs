namespace AetherFS.Core.Packing;

/// <summary>Which of the <see cref="ArchiveLimits"/> an archive exceeded.</summary>
public enum ArchiveLimit
{
    TotalBytes,
    Ratio,
    Entries,
}
