namespace AetherFS.Core.Packing;

/// <summary>How an archive is extracted for a push.</summary>
public sealed record ExtractionOptions
{
    public static readonly ExtractionOptions Default = new();

    public ArchiveLimits Limits { get; init; } = ArchiveLimits.Default;

    /// <summary>
    /// Leading path components dropped from every entry name, as tar's <c>--strip-components</c>; entries with no more
    /// components than this are skipped. A leading <c>./</c> is not a component.
    /// </summary>
    public int StripComponents { get; init; }

    /// <summary>
    /// Told of each special entry (FIFO, device) the archive lists, which is then left out; null refuses the archive
    /// at the first one instead.
    /// </summary>
    public Action<ScanProblem>? SkipSpecialEntry { get; init; }
}
