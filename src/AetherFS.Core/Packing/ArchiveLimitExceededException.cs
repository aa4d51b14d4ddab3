namespace AetherFS.Core.Packing;

/// <summary>An archive expanded beyond one of its <see cref="ArchiveLimits"/>; the caller names the way to raise it.</summary>
public sealed class ArchiveLimitExceededException : Exception
{
    public ArchiveLimitExceededException(ArchiveLimit limit, string message)
        : base(message)
    {
        Limit = limit;
    }

    public ArchiveLimit Limit { get; }
}
