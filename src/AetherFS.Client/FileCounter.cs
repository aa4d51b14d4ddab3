using AetherFS.Core.Blocks;
using AetherFS.Core.Manifests;

namespace AetherFS.Client;

/// <summary>How many of a dataset's files are complete once the packed stream has been read or written up to a position.</summary>
internal sealed class FileCounter
{
    private readonly long[] _ends;

    public FileCounter(IReadOnlyList<ManifestEntry> entries)
    {
        var offsets = BlockLayout.EntryOffsets(entries);
        _ends = entries.Select((e, i) => (e, End: offsets[i] + e.Size))
            .Where(e => e.e.Type == EntryType.File)
            .Select(e => e.End)
            .Order()
            .ToArray();
    }

    public int Total => _ends.Length;

    /// <summary>Files whose last byte lies before <paramref name="position"/>.</summary>
    public int DoneAt(long position)
    {
        // The last file ending at or before the position: with several ending there (empty files), past all of them.
        var index = Array.BinarySearch(_ends, position);
        if (index < 0)
        {
            return ~index;
        }

        while (index + 1 < _ends.Length && _ends[index + 1] == position)
        {
            index++;
        }

        return index + 1;
    }
}
