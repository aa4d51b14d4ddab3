using AetherFS.Core.Blocks;
using AetherFS.Core.Manifests;

namespace AetherFS.Core.Deltas;

/// <summary>
/// <see cref="DeltaBaseFinder"/>'s choice for a version still being cut (a push): a block is known by where it lies
/// in the packed stream of the new version's entries, not by a manifest that does not exist yet. The same
/// candidates: the window of up to <see cref="DeltaBaseFinder.Window"/> held blocks around the proportional
/// position in the same path (else in the whole stream), then the single block there.
/// </summary>
public sealed class StreamDeltaBaseFinder
{
    private readonly ManifestIndex _held;
    private readonly ManifestEntry[] _files;
    private readonly long[] _starts;
    private readonly long _totalSize;

    /// <param name="held">The version the bases come from.</param>
    /// <param name="entries">The new version's entries, in the order their bytes are packed.</param>
    public StreamDeltaBaseFinder(ManifestIndex held, IReadOnlyList<ManifestEntry> entries)
    {
        _held = held;
        var offsets = BlockLayout.EntryOffsets(entries);
        var files = new List<ManifestEntry>();
        var starts = new List<long>();
        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i] is { Type: EntryType.File, Size: > 0 } file)
            {
                files.Add(file);
                starts.Add(offsets[i]);
            }
        }

        _files = [.. files];
        _starts = [.. starts];
        _totalSize = files.Count == 0 ? 0 : starts[^1] + files[^1].Size;
    }

    /// <summary>The held version's digest.</summary>
    public string HeldDigest => _held.Digest;

    /// <summary>Candidate base lists, best first, for the new block of <paramref name="size"/> bytes at stream offset <paramref name="start"/>.</summary>
    public IReadOnlyList<IReadOnlyList<DeltaBase>> CandidatesFor(long start, int size)
    {
        var blocks = _held.Manifest.Blocks;
        if (_held.Layout.TotalSize == 0 || blocks.Count == 0 || size <= 0)
        {
            return [];
        }

        var at = _held.Layout.IndexOf(HeldPosition(start, start + size));
        var first = Math.Clamp(at - 1, 0, Math.Max(0, blocks.Count - DeltaBaseFinder.Window));
        var window = Enumerable.Range(first, Math.Min(DeltaBaseFinder.Window, blocks.Count - first)).Select(i => blocks[i]).ToList();
        var candidates = new List<IReadOnlyList<DeltaBase>>(2);
        if (window.Count > 1 && window.All(b => b.Size <= BlockDelta.MaxRawBytes) && window.Sum(b => (long)b.Size) <= BlockDelta.MaxPrefixBytes)
        {
            candidates.Add(window.Select(b => new DeltaBase(b.Signature, b.Size)).ToList());
        }

        if (blocks[at].Size <= BlockDelta.MaxRawBytes)
        {
            candidates.Add([new DeltaBase(blocks[at].Signature, blocks[at].Size)]);
        }

        return candidates;
    }

    private long HeldPosition(long start, long end)
    {
        if (MostOverlapped(start, end) is var (file, fileStart) && _held.Find(file.Path) is { Type: EntryType.File, Size: > 0 } heldFile)
        {
            var middle = ((Math.Max(start, fileStart) + Math.Min(end, fileStart + file.Size)) / 2) - fileStart;
            var mapped = (long)((Int128)middle * heldFile.Size / file.Size);
            return _held.OffsetOf(heldFile) + Math.Clamp(mapped, 0, heldFile.Size - 1);
        }

        var proportional = (long)((Int128)((start + end) / 2) * _held.Layout.TotalSize / Math.Max(1, _totalSize));
        return Math.Clamp(proportional, 0, _held.Layout.TotalSize - 1);
    }

    private (ManifestEntry File, long Start)? MostOverlapped(long start, long end)
    {
        var found = Array.BinarySearch(_starts, start);
        var i = found >= 0 ? found : Math.Max(0, ~found - 1);
        (ManifestEntry File, long Start)? best = null;
        long bestOverlap = 0;
        for (; i < _files.Length && _starts[i] < end; i++)
        {
            var overlap = Math.Min(end, _starts[i] + _files[i].Size) - Math.Max(start, _starts[i]);
            if (overlap > bestOverlap)
            {
                bestOverlap = overlap;
                best = (_files[i], _starts[i]);
            }
        }

        return best;
    }
}
