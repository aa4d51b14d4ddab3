namespace AetherFS.Core.Packing;

/// <summary>A scan found entries it cannot push and was not told to skip them: every one is in <see cref="Problems"/>.</summary>
public sealed class UnpushableEntriesException : Exception
{
    public UnpushableEntriesException(string root, IReadOnlyList<ScanProblem> problems)
        : base($"cannot push '{root}': {(problems.Count == 1 ? "1 entry" : $"{problems.Count} entries")} cannot be pushed: {string.Join("; ", problems)}")
    {
        Problems = problems;
    }

    public IReadOnlyList<ScanProblem> Problems { get; }

    /// <summary>Whether skipping special files would have let the scan through.</summary>
    public bool AllSkippable => Problems.All(p => p.Skippable);
}
