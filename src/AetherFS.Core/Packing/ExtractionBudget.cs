using AetherFS.Core.Units;

namespace AetherFS.Core.Packing;

/// <summary>What an archive has expanded to so far, held against its <see cref="ArchiveLimits"/> as each entry and byte is written.</summary>
internal sealed class ExtractionBudget(string archive, long archiveSize, ArchiveLimits limits)
{
    private long _entries;
    private long _bytes;

    public void CountEntry()
    {
        if (++_entries > limits.MaxEntries)
        {
            throw new ArchiveLimitExceededException(ArchiveLimit.Entries, $"'{archive}' lists more than {limits.MaxEntries} entries");
        }
    }

    public void Spend(int bytes)
    {
        _bytes += bytes;
        if (_bytes > limits.MaxTotalBytes)
        {
            throw new ArchiveLimitExceededException(ArchiveLimit.TotalBytes, $"'{archive}' expands to more than {ByteSize.Format(limits.MaxTotalBytes)}");
        }

        if (_bytes > limits.RatioFloorBytes && _bytes / Math.Max(archiveSize, 1) >= limits.MaxRatio)
        {
            throw new ArchiveLimitExceededException(ArchiveLimit.Ratio, $"'{archive}' ({ByteSize.Format(archiveSize)}) expands to more than {limits.MaxRatio} times its size, like a zip bomb");
        }
    }
}
