using AetherFS.Core.Blocks;
using AetherFS.Core.Packs;
using AetherFS.Storage.Packs;

namespace AetherFS.Storage.Blocks;

/// <summary>
/// Blocks stored as deltas (docs/chunking.md, "Stored deltas"): an uploaded delta is kept as it came when its bases
/// are full blocks here and it is at most <see cref="MaxStoredDeltaShare"/> of the block's full payload; a delta
/// against blocks that are deltas themselves is encoded again against their bases, so every chain is one deep and a
/// read decodes once. Readers that hold no base get the block's full payload, encoded once and kept in memory.
/// </summary>
public sealed partial class BlockStore
{
    /// <summary>A delta is stored when it is at most this share of the full payload; larger ones are not worth a decode per read.</summary>
    public const double MaxStoredDeltaShare = 0.5;

    /// <summary>zstd level of deltas the hub encodes again (against a base's bases): with long-distance matching, as transfer deltas.</summary>
    public const int RebaseLevel = 3;

    // Stored chains are one deep; two hubs storing at once, each with a stale index, can make one two deep. Deeper is damage.
    private const int MaxDecodeDepth = 2;

    /// <summary>
    /// Decodes an uploaded delta against its bases, read (verified) from this store, and verifies the block against
    /// <paramref name="signature"/>; the decoded size is capped by the delta's header (<see cref="BlockDelta"/>).
    /// <see cref="DigestMismatchException"/> naming the block when a base is not stored here, the delta does not
    /// decode, or it decodes to other bytes.
    /// </summary>
    public Task<PooledBlock> DecodeDeltaAsync(string signature, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken) =>
        DecodeDeltaAsync(signature, payload, depth: 0, cancellationToken);

    private async Task<PooledBlock> DecodeDeltaAsync(string signature, ReadOnlyMemory<byte> payload, int depth, CancellationToken cancellationToken)
    {
        if (depth >= MaxDecodeDepth)
        {
            throw DigestMismatchException.Undecodable(signature, $"its stored delta chain is deeper than {MaxDecodeDepth}");
        }

        using var prefix = await PrefixAsync(signature, BlockDelta.ReadBases(payload.Span, signature), depth, cancellationToken);
        return BlockDelta.Decode(payload.Span, signature, prefix.Span);
    }

    /// <summary>
    /// The raw bytes of a delta's <paramref name="bases"/> concatenated in order (what it is decoded or encoded
    /// against), each read and verified from this store: a <see cref="DigestMismatchException"/> naming the block
    /// <paramref name="signature"/> when a base is not stored here, holds another size, or is corrupt.
    /// </summary>
    public Task<PooledBuffer> PrefixAsync(string signature, IReadOnlyList<DeltaBase> bases, CancellationToken cancellationToken) =>
        PrefixAsync(signature, bases, depth: 0, cancellationToken);

    private async Task<PooledBuffer> PrefixAsync(string signature, IReadOnlyList<DeltaBase> bases, int depth, CancellationToken cancellationToken)
    {
        var blocks = new List<PooledBlock>(bases.Count);
        try
        {
            foreach (var b in bases)
            {
                var block = await ReadAsync(b.Signature, depth + 1, cancellationToken)
                    ?? throw DigestMismatchException.Undecodable(signature, $"its delta's base {b.Signature} is not stored on this hub");
                blocks.Add(block);
                if (block.Length != b.Size)
                {
                    throw DigestMismatchException.Undecodable(signature, $"its delta's base {b.Signature} holds {block.Length} bytes, not {b.Size}");
                }
            }

            return BlockDelta.Prefix(blocks.Select(b => b.Memory).ToList());
        }
        finally
        {
            blocks.ForEach(b => b.Dispose());
        }
    }

    /// <summary>
    /// Adds a verified delta upload to <paramref name="builder"/> in the form this store keeps it: the delta (or one
    /// encoded again against full blocks) with its bases listed, or the full payload.
    /// </summary>
    private async Task AddDecodedDeltaAsync(PackBuilder builder, string signature, ReadOnlyMemory<byte> delta, PooledBlock raw, CancellationToken cancellationToken)
    {
        using var full = BlockPayload.Encode(raw.Memory.Span, PackVerifier.FullPayloadLevel);
        using var kept = await StorableDeltaAsync(signature, delta, raw, full.Length, cancellationToken);
        if (kept is null)
        {
            AddToPack(builder, signature, full.Span);
            return;
        }

        var bases = BlockDelta.ReadBases(kept.Span, signature).Select(b => b.Signature).ToList();
        AddToPack(builder, signature, kept.Span, new StoredDelta(signature, full.Length, bases));
    }

    // The delta to store for a block, bases all full here; null when the full payload is kept.
    private async Task<PooledBuffer?> StorableDeltaAsync(string signature, ReadOnlyMemory<byte> delta, PooledBlock raw, int fullLength, CancellationToken cancellationToken)
    {
        var limit = (int)(fullLength * MaxStoredDeltaShare);
        var bases = BlockDelta.ReadBases(delta.Span, signature);
        var flattened = new List<DeltaBase>(BlockDelta.MaxBases);
        var rebased = false;
        foreach (var b in bases)
        {
            if (Catalog.Locate(Sha256Key.Parse(b.Signature)) is null)
            {
                // A base stored loose, from before packs: its liveness is not tracked through index edges.
                return null;
            }

            if (Catalog.DeltaOf(Sha256Key.Parse(b.Signature)) is not { } stored)
            {
                Include(flattened, b);
                continue;
            }

            rebased = true;
            foreach (var baseOfBase in stored.Bases)
            {
                if (Catalog.Locate(Sha256Key.Parse(baseOfBase)) is not { } located || Catalog.DeltaOf(Sha256Key.Parse(baseOfBase)) is not null)
                {
                    return null;
                }

                Include(flattened, new DeltaBase(baseOfBase, located.Location.RawLength));
            }
        }

        if (!rebased)
        {
            if (delta.Length > limit)
            {
                return null;
            }

            var copy = new PooledBuffer(delta.Length) { Length = delta.Length };
            delta.Span.CopyTo(copy.Span);
            return copy;
        }

        PooledBuffer prefix;
        try
        {
            prefix = await PrefixAsync(signature, flattened, cancellationToken);
        }
        catch (DigestMismatchException)
        {
            return null;
        }

        using (prefix)
        {
            return BlockDelta.Encode(raw.Memory.Span, flattened, prefix.Span, RebaseLevel, limit + 1);
        }
    }

    // Bases beyond the delta format's limit are left out: the delta is then larger, or the block stored full.
    private static void Include(List<DeltaBase> bases, DeltaBase candidate)
    {
        if (bases.Count < BlockDelta.MaxBases && !bases.Any(b => b.Signature == candidate.Signature))
        {
            bases.Add(candidate);
        }
    }

    /// <summary>
    /// Before a range of a fetch is read: the bases its stored deltas need (those going to a reader without them, whose
    /// full payloads are not in memory yet), read in coalesced ranges into the verified cache, so a fresh pull of a
    /// version stored as deltas costs a few requests more than one stored full, not one per base. At most a quarter
    /// of the cache per range; bases beyond that are read one by one when their delta is.
    /// </summary>
    private async Task WarmBasesAsync(PackRange range, Func<string, DeltaBase[], bool>? passDelta, CancellationToken cancellationToken)
    {
        var budget = _verifiedBudget / 4;
        if (budget == 0)
        {
            return;
        }

        var wanted = new List<LocatedChunk>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        long bytes = 0;
        foreach (var chunk in range.Chunks)
        {
            if (Catalog.DeltaOf(Sha256Key.Parse(chunk.Signature)) is not { } delta || _fullPayloads.Contains(chunk.Signature))
            {
                continue;
            }

            var bases = new List<LocatedChunk>(delta.Bases.Count);
            foreach (var b in delta.Bases)
            {
                if (Catalog.Locate(Sha256Key.Parse(b)) is { } found)
                {
                    bases.Add(new LocatedChunk(b, found.PackId, found.Location));
                }
            }

            if (passDelta is not null && passDelta(chunk.Signature, [.. bases.Select(b => new DeltaBase(b.Signature, b.Location.RawLength))]))
            {
                continue;
            }

            foreach (var b in bases.Where(b => !_verified.Contains(b.Signature) && seen.Add(b.Signature)))
            {
                wanted.Add(b);
                bytes += b.Location.RawLength;
            }

            if (bytes >= budget)
            {
                break;
            }
        }

        foreach (var baseRange in PackRanges.Plan(wanted, MaxReadGap, MaxReadRange))
        {
            // A pack gone meanwhile is no loss: its bases are read one by one when their deltas are decoded.
            await ReadRangeAsync(baseRange, (signature, payload) =>
            {
                using var block = BlockPayload.Decode(payload.Span, signature);
                _verified.Put(signature, block.Memory.Span);
                return Task.CompletedTask;
            }, passDelta: null, cancellationToken);
        }
    }

    /// <summary>
    /// The full payload of a block stored as <paramref name="delta"/>, for a reader that holds no base: decoded
    /// (verified), encoded as a push stores blocks, and kept in memory so many readers cost one encode.
    /// </summary>
    private async Task<PooledBuffer> FullPayloadOfAsync(string signature, ReadOnlyMemory<byte> delta, CancellationToken cancellationToken)
    {
        if (_fullPayloads.TryRead(signature) is { } remembered)
        {
            using (remembered)
            {
                var copy = new PooledBuffer(remembered.Length) { Length = remembered.Length };
                remembered.Memory.Span.CopyTo(copy.Span);
                return copy;
            }
        }

        using var raw = await DecodeDeltaAsync(signature, delta, depth: 0, cancellationToken);
        _verified.Put(signature, raw.Memory.Span);
        var full = BlockPayload.Encode(raw.Memory.Span, PackVerifier.FullPayloadLevel);
        _fullPayloads.Put(signature, full.Span);
        return full;
    }

    /// <summary>
    /// Checks a stored delta (a scrub): <see cref="DigestMismatchException"/> when it is damaged itself, that is when
    /// its bases read and verify but it does not decode to its block. A damaged base is the base's record's fault.
    /// </summary>
    public async Task CheckStoredDeltaAsync(string signature, ReadOnlyMemory<byte> delta, CancellationToken cancellationToken)
    {
        if (await BasesReadAsync(signature, delta, cancellationToken))
        {
            using var decoded = await DecodeDeltaAsync(signature, delta, depth: 0, cancellationToken);
        }
    }

    // Whether every base of a stored delta reads and verifies (so a delta that does not decode is damaged itself).
    private async Task<bool> BasesReadAsync(string signature, ReadOnlyMemory<byte> delta, CancellationToken cancellationToken)
    {
        DeltaBase[] bases;
        try
        {
            bases = BlockDelta.ReadBases(delta.Span, signature);
        }
        catch (DigestMismatchException)
        {
            return true;
        }

        foreach (var b in bases)
        {
            try
            {
                using var block = await ReadAsync(b.Signature, depth: 1, cancellationToken);
                if (block is null)
                {
                    return false;
                }
            }
            catch (DigestMismatchException)
            {
                return false;
            }
        }

        return true;
    }
}
