using AetherFS.Client.Caching;
using AetherFS.Core.Blocks;
using AetherFS.Core.Deltas;
using AetherFS.Core.Manifests;

namespace AetherFS.Client.Push;

/// <summary>
/// Encodes the blocks a push uploads as deltas against the previous version's blocks where that is smaller. Bases
/// come only from this machine's block cache (what it pushed or pulled before, verified as read): a push never
/// downloads to save an upload. Candidates by position (<see cref="StreamDeltaBaseFinder"/>), chosen by trial
/// encoding: the smallest payload wins, the full one when no delta is shorter.
/// </summary>
internal sealed class PushDeltaEncoder
{
    private readonly StreamDeltaBaseFinder? _finder;
    private readonly DiskBlockCache _cache;
    private readonly int _level;

    /// <param name="finder">Null when there is no previous version: every block goes full.</param>
    public PushDeltaEncoder(StreamDeltaBaseFinder? finder, DiskBlockCache cache, int level)
    {
        _finder = finder;
        _cache = cache;
        _level = level;
    }

    /// <summary>The push cache: every block pushed goes in it (full), so the next push from here holds this version.</summary>
    public DiskBlockCache Cache => _cache;

    /// <summary>Whether pushed blocks are kept in <see cref="Cache"/> (<c>push --no-cache</c>: no; cached bases are still used).</summary>
    public bool KeepsPushedBlocks { get; init; } = true;

    /// <summary>Candidate base lists whose every base this machine holds, for the block at <paramref name="start"/>.</summary>
    public IReadOnlyList<IReadOnlyList<DeltaBase>> CandidatesFor(long start, int size) =>
        _finder is null ? [] : _finder.CandidatesFor(start, size).Where(c => c.All(b => _cache.Contains(b.Signature))).ToList();

    /// <summary>Reads the bases named (verified); those the cache no longer yields are left out.</summary>
    public async Task<Dictionary<string, PooledBlock>> ReadBasesAsync(IEnumerable<DeltaBase> bases, CancellationToken cancellationToken)
    {
        var read = new Dictionary<string, PooledBlock>(StringComparer.Ordinal);
        foreach (var b in bases)
        {
            if (!read.ContainsKey(b.Signature) && await _cache.TryReadAsync(new BlockRef(b.Signature, b.Size), cancellationToken) is { } block)
            {
                read[b.Signature] = block;
            }
        }

        return read;
    }

    /// <summary>The block's full payload, and its smallest delta among the candidates whose bases were read, if shorter.</summary>
    public PushPayload Encode(ReadOnlySpan<byte> raw, IReadOnlyList<IReadOnlyList<DeltaBase>> candidates, IReadOnlyDictionary<string, PooledBlock> bases)
    {
        var full = BlockPayload.Encode(raw, _level);
        PooledBuffer? best = null;
        foreach (var candidate in candidates)
        {
            if (!candidate.All(b => bases.ContainsKey(b.Signature)))
            {
                continue;
            }

            using var prefix = BlockDelta.Prefix(candidate.Select(b => bases[b.Signature].Memory).ToList());
            if (BlockDelta.Encode(raw, candidate, prefix.Span, Math.Max(_level, 1), (best ?? full).Length) is { } delta)
            {
                best?.Dispose();
                best = delta;
            }
        }

        return new PushPayload(full, best);
    }

    /// <summary>
    /// Decodes a delta this push made against the bases in the cache: for a pack the hub refused because of a
    /// delta, sent again full.
    /// </summary>
    public async Task<PooledBlock> DecodeAsync(string signature, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var names = BlockDelta.ReadBases(payload.Span, signature);
        var bases = await ReadBasesAsync(names, cancellationToken);
        try
        {
            if (names.Any(b => !bases.ContainsKey(b.Signature)))
            {
                throw DigestMismatchException.Undecodable(signature, "a base of its delta left the cache");
            }

            using var prefix = BlockDelta.Prefix(names.Select(b => bases[b.Signature].Memory).ToList());
            return BlockDelta.Decode(payload.Span, signature, prefix.Span);
        }
        finally
        {
            foreach (var block in bases.Values)
            {
                block.Dispose();
            }
        }
    }
}
