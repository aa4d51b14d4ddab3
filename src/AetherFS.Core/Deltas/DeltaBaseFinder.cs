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
    private readonly StreamDeltaBaseFinder _stream;

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

        _stream = new StreamDeltaBaseFinder(held, wanted.Manifest.Entries);
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

        // Where the block lies in the wanted stream is all the choice needs: the same as while a push cuts it.
        return _stream.CandidatesFor(_wanted.Layout.StartOf(index), _wanted.Manifest.Blocks[index].Size);
    }
}
