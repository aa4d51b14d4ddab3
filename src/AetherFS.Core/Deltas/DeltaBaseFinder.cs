using AetherFS.Core.Blocks;
using AetherFS.Core.Manifests;

namespace AetherFS.Core.Deltas;

/// <summary>
/// Picks, for a block of a wanted version, the blocks of a held version most likely to share its bytes: the block
/// of the same file at the same relative position, with its neighbours. Real dataset updates change a little
/// everywhere but keep each file's layout, so a record that moved a few bytes lies in the held block at the
/// proportional offset or in the next one; the window of 3 covers edits that shift content across a block edge
/// (docs/chunking.md, "Deltas"). Pure: two manifests in, candidate base lists out; the caller trial-encodes them.
/// </summary>
public sealed class DeltaBaseFinder
{
    /// <summary>The most bases one candidate names: the block at the mapped position and its neighbours.</summary>
    public const int Window = 3;

    private readonly ManifestIndex _held;
    private readonly ManifestIndex _wanted;
    private readonly Dictionary<string, int> _heldPlaces;
    private readonly Dictionary<string, int> _wantedIndex;
    private readonly int[] _wantedFiles;
    private readonly long[] _wantedFileStarts;

    public DeltaBaseFinder(ManifestIndex held, ManifestIndex wanted)
    {
        _held = held;
        _wanted = wanted;
        _heldPlaces = new Dictionary<string, int>(held.Manifest.Blocks.Count, StringComparer.Ordinal);
        for (var i = 0; i < held.Manifest.Blocks.Count; i++)
        {
            _heldPlaces.TryAdd(held.Manifest.Blocks[i].Signature, i);
        }
        _wantedIndex = new Dictionary<string, int>(wanted.Manifest.Blocks.Count, StringComparer.Ordinal);
        for (var i = 0; i < wanted.Manifest.Blocks.Count; i++)
        {
            _wantedIndex.TryAdd(wanted.Manifest.Blocks[i].Signature, i);
        }

        // Files with bytes, in stream order (entries are in ordinal path order, as their bytes are packed).
        var files = new List<int>();
        var starts = new List<long>();
        var entries = wanted.Manifest.Entries;
        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i] is { Type: EntryType.File, Size: > 0 } file)
            {
                files.Add(i);
                starts.Add(wanted.OffsetOf(file));
            }
        }

        _wantedFiles = [.. files];
        _wantedFileStarts = [.. starts];
    }

    /// <summary>The held version's digest: bases name its blocks.</summary>
    public string HeldDigest => _held.Digest;

    /// <summary>The version whose blocks are asked for.</summary>
    public ManifestIndex Wanted => _wanted;

    /// <summary>Whether the holder already has this block (it is one of the held version's).</summary>
    public bool IsHeld(string signature) => _heldPlaces.ContainsKey(signature);

    /// <summary>A held block's place in the held version's block list (its first, when it occurs more than once).</summary>
    public int PlaceOf(string signature) => _heldPlaces[signature];

    /// <summary>
    /// Candidate base lists for a block of the wanted version, best first: the window of up to <see cref="Window"/>
    /// consecutive held blocks around the mapped position, then the single block there. Empty when the block is
    /// not one of the wanted version's, is already held, or the held version has no bytes.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<DeltaBase>> CandidatesFor(string signature)
    {
        if (IsHeld(signature) || !_wantedIndex.TryGetValue(signature, out var index) || _held.Layout.TotalSize == 0)
        {
            return [];
        }

        var position = HeldPosition(index);
        var blocks = _held.Manifest.Blocks;
        var at = _held.Layout.IndexOf(position);
        var first = Math.Clamp(at - 1, 0, Math.Max(0, blocks.Count - Window));
        var window = Enumerable.Range(first, Math.Min(Window, blocks.Count - first)).Select(i => blocks[i]).ToList();
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

    // Where the middle of the block's bytes would lie in the held stream: proportionally within the same path when
    // the held version has it, else proportionally within the whole stream (a renamed or new file).
    private long HeldPosition(int index)
    {
        var start = _wanted.Layout.StartOf(index);
        var end = start + _wanted.Manifest.Blocks[index].Size;
        if (MostOverlapped(start, end) is var (file, fileStart) && _held.Find(file.Path) is { Type: EntryType.File, Size: > 0 } heldFile)
        {
            var middle = ((Math.Max(start, fileStart) + Math.Min(end, fileStart + file.Size)) / 2) - fileStart;
            var mapped = (long)((Int128)middle * heldFile.Size / file.Size);
            return _held.OffsetOf(heldFile) + Math.Clamp(mapped, 0, heldFile.Size - 1);
        }

        var proportional = (long)((Int128)((start + end) / 2) * _held.Layout.TotalSize / Math.Max(1, _wanted.Layout.TotalSize));
        return Math.Clamp(proportional, 0, _held.Layout.TotalSize - 1);
    }

    // The wanted version's file holding most of [start, end), with its start in the stream.
    private (ManifestEntry File, long Start)? MostOverlapped(long start, long end)
    {
        var found = Array.BinarySearch(_wantedFileStarts, start);
        var i = found >= 0 ? found : Math.Max(0, ~found - 1);
        (ManifestEntry File, long Start)? best = null;
        long bestOverlap = 0;
        for (; i < _wantedFiles.Length && _wantedFileStarts[i] < end; i++)
        {
            var file = _wanted.Manifest.Entries[_wantedFiles[i]];
            var overlap = Math.Min(end, _wantedFileStarts[i] + file.Size) - Math.Max(start, _wantedFileStarts[i]);
            if (overlap > bestOverlap)
            {
                bestOverlap = overlap;
                best = (file, _wantedFileStarts[i]);
            }
        }

        return best;
    }
}
