using AetherFS.Core.Blocks;
using AetherFS.Core.Deltas;
using AetherFS.Hub.Datasets;
using AetherFS.Storage.Blocks;

namespace AetherFS.Hub.Deltas;

/// <summary>
/// Transfer deltas: a block of a version answered, to a caller that holds another version, as a delta against the
/// held version's blocks at the same place (<see cref="DeltaBaseFinder"/>) whenever that is shorter than the stored
/// payload. Deltas are encoded on demand, once per (block, held version) while cached; a block stored as a delta
/// whose bases the caller holds (<see cref="BasesHeldBy"/>) is sent as stored, with no encode at all.
/// </summary>
internal sealed class TransferDeltas
{
    /// <summary>zstd level of transfer deltas: with long-distance matching, level 3 is within a few percent of 19 on deltas, at encode speed (docs/chunking.md).</summary>
    public const int Level = 3;

    private readonly ManifestCache _manifests;
    private readonly BlockStore _blocks;
    private readonly DeltaCache _cache;
    private readonly DeltaPlanCache _plans = new();

    public TransferDeltas(ManifestCache manifests, BlockStore blocks, DeltaCache cache)
    {
        _manifests = manifests;
        _blocks = blocks;
        _cache = cache;
    }

    /// <summary>
    /// The bases finder for a caller that holds <paramref name="have"/> and asks for blocks of <paramref name="version"/>;
    /// null (full payloads only) when either is missing, malformed or not on this hub.
    /// </summary>
    public async Task<DeltaBaseFinder?> PlanAsync(string? have, string? version, CancellationToken cancellationToken)
    {
        if (have is null || version is null || !Core.References.Digest.IsValid(have) || !Core.References.Digest.IsValid(version) || have == version)
        {
            return null;
        }

        if (_plans.Find(have, version) is { } planned)
        {
            return planned;
        }

        var held = await _manifests.GetAsync(have, cancellationToken);
        var wanted = held is null ? null : await _manifests.GetAsync(version, cancellationToken);
        if (wanted is null)
        {
            return null;
        }

        var finder = new DeltaBaseFinder(held!, wanted);
        _plans.Add(have, version, finder);
        return finder;
    }

    /// <summary>
    /// Whether a block stored as a delta is one of the wanted version's and its bases are all blocks of the version
    /// the caller holds: it is then sent as stored.
    /// </summary>
    public static Func<string, DeltaBase[], bool> BasesHeldBy(DeltaBaseFinder finder) =>
        (signature, bases) => finder.CandidatesFor(signature).Count > 0 && bases.All(b => finder.IsHeld(b.Signature));

    /// <summary>
    /// The delta to send instead of <paramref name="payload"/> (the block's full payload, verified, or its stored delta
    /// when <see cref="BasesHeldBy"/> accepted it), or null when no delta against the held version is shorter, or
    /// the block is not one of the wanted version's.
    /// </summary>
    public async Task<byte[]?> FindAsync(DeltaBaseFinder finder, string signature, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (BlockDelta.IsDelta(payload.Span))
        {
            return BlockDelta.Compact(payload.Span, signature, [.. BlockDelta.ReadBases(payload.Span, signature).Select(b => finder.PlaceOf(b.Signature))]);
        }

        var candidates = finder.CandidatesFor(signature);
        if (candidates.Count == 0)
        {
            return null;
        }

        var delta = await _cache.GetOrEncodeAsync(
            new DeltaKey(signature, finder.HeldDigest),
            () => EncodeAsync(finder, signature, payload, candidates, cancellationToken),
            cancellationToken);
        return delta.Length > 0 && delta.Length < payload.Length ? delta : null;
    }

    /// <summary>
    /// Trial-encodes each candidate and keeps the shortest, in the transfer form that names bases by their place in
    /// the held version (codec 3); an empty array when none beats the payload.
    /// </summary>
    private async Task<byte[]> EncodeAsync(DeltaBaseFinder finder, string signature, ReadOnlyMemory<byte> payload, IReadOnlyList<IReadOnlyList<DeltaBase>> candidates, CancellationToken cancellationToken)
    {
        using var raw = BlockPayload.Decode(payload.Span, signature);
        PooledBuffer? best = null;
        try
        {
            foreach (var bases in candidates)
            {
                PooledBuffer prefix;
                try
                {
                    // The bases' raw bytes, verified (the memory cache serves those the window shares with the single block).
                    prefix = await _blocks.PrefixAsync(signature, bases, cancellationToken);
                }
                catch (DigestMismatchException)
                {
                    // A base gone or corrupt: not this candidate (the block travels full if no other works).
                    continue;
                }

                using (prefix)
                {
                    // The limit allows for the base names the transfer form drops: FindAsync compares that form.
                    var delta = BlockDelta.Encode(raw.Memory.Span, bases, prefix.Span, Level, best?.Length ?? (payload.Length + (36 * BlockDelta.MaxBases)));
                    if (delta is not null)
                    {
                        best?.Dispose();
                        best = delta;
                    }
                }
            }

            return best is null ? [] : BlockDelta.Compact(best.Span, signature, [.. BlockDelta.ReadBases(best.Span, signature).Select(b => finder.PlaceOf(b.Signature))]);
        }
        finally
        {
            best?.Dispose();
        }
    }
}
