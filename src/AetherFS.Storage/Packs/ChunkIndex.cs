using AetherFS.Core.Blocks;
using AetherFS.Core.Packs;

namespace AetherFS.Storage.Packs;

/// <summary>
/// Chunk signature → location, for every chunk of every live pack a hub has read about: 32-byte keys and 16-byte
/// values, about 60 bytes per chunk in memory (10 million chunks, 640 GB of data at the default chunk size, take
/// about 600 MB). A chunk stored twice (two hubs took it at once) keeps the location read last, except that a copy
/// quarantined as corrupt is never a location: the chunk is then where another copy is, or missing. Not thread-safe:
/// <see cref="PackCatalog"/> guards it.
/// </summary>
public sealed class ChunkIndex
{
    private readonly Dictionary<Sha256Key, ChunkLocation> _chunks = [];
    private readonly List<string> _packs = [];
    private readonly Dictionary<string, int> _ordinals = new(StringComparer.Ordinal);
    private readonly HashSet<string> _tombstones = new(StringComparer.Ordinal);

    // Chunks whose location holds a delta, with its bases: few (changed chunks of versions pushed as deltas).
    private readonly Dictionary<Sha256Key, StoredDelta> _deltas = [];

    // Chunk → the packs whose copy of it is corrupt. Few: each entry is damage someone found.
    private readonly Dictionary<Sha256Key, HashSet<string>> _quarantined = [];

    public int ChunkCount => _chunks.Count;

    public int PackCount => _ordinals.Count;

    /// <summary>Adds a pack's chunks, unless a tombstone says the pack is gone.</summary>
    public void Add(SegmentPack pack)
    {
        if (_tombstones.Contains(pack.Id))
        {
            return;
        }

        if (!_ordinals.TryGetValue(pack.Id, out var ordinal))
        {
            ordinal = _packs.Count;
            _packs.Add(pack.Id);
            _ordinals[pack.Id] = ordinal;
        }

        var deltas = pack.Deltas.Count == 0 ? null : pack.Deltas.ToDictionary(d => d.Signature, StringComparer.Ordinal);
        foreach (var chunk in pack.Chunks)
        {
            var key = Sha256Key.Parse(chunk.Signature);
            if (!IsQuarantinedIn(key, pack.Id))
            {
                _chunks[key] = new ChunkLocation(ordinal, checked((uint)chunk.Offset), chunk.PayloadLength, chunk.RawLength);
                if (deltas is not null && deltas.TryGetValue(chunk.Signature, out var delta))
                {
                    _deltas[key] = delta;
                }
                else
                {
                    _deltas.Remove(key);
                }
            }
        }
    }

    /// <summary>The delta a chunk's location holds (its bases), or null when it holds the full payload.</summary>
    public StoredDelta? DeltaOf(Sha256Key signature) => _deltas.GetValueOrDefault(signature);

    /// <summary>
    /// Remembers that one pack's copy of a chunk is corrupt: it stops being the chunk's location, and no later
    /// <see cref="Add"/> of that pack brings it back. Apply quarantines before packs, as tombstones.
    /// </summary>
    public void Quarantine(QuarantinedChunk chunk)
    {
        var key = Sha256Key.Parse(chunk.Signature);
        if (!_quarantined.TryGetValue(key, out var packs))
        {
            _quarantined[key] = packs = new HashSet<string>(StringComparer.Ordinal);
        }

        packs.Add(chunk.PackId);
        if (_chunks.TryGetValue(key, out var location) && _packs[location.Pack] == chunk.PackId)
        {
            _chunks.Remove(key);
            _deltas.Remove(key);
        }
    }

    /// <summary>Whether the chunk's only known copies are quarantined: absent for writers, corrupt for readers.</summary>
    public bool IsQuarantined(Sha256Key signature) => _quarantined.ContainsKey(signature) && !_chunks.ContainsKey(signature);

    private bool IsQuarantinedIn(Sha256Key signature, string packId) =>
        _quarantined.TryGetValue(signature, out var packs) && packs.Contains(packId);

    /// <summary>Remembers that a pack is gone, so no later <see cref="Add"/> brings it back. Apply tombstones before packs.</summary>
    public void Tombstone(string packId) => _tombstones.Add(packId);

    public bool TryGet(Sha256Key signature, out ChunkLocation location, out string packId)
    {
        if (_chunks.TryGetValue(signature, out location))
        {
            packId = _packs[location.Pack];
            return true;
        }

        packId = string.Empty;
        return false;
    }
}
