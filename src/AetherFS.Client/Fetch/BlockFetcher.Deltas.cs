using AetherFS.Client.Telemetry;
using AetherFS.Core.Blocks;
using AetherFS.Core.Manifests;

namespace AetherFS.Client.Fetch;

/// <summary>
/// Blocks that come as deltas: each is decoded against its bases' raw bytes, taken from what this client holds
/// (the memory cache, the disk cache, the held version's files: all verified) or, as a last resort, fetched full
/// from the hub without naming a held version, so a fallback never gets deltas again and never loops. A delta that
/// does not decode or verify is fetched once more, full; if that fails too, the fetch fails: wrong bytes are never
/// handed on.
/// </summary>
public sealed partial class BlockFetcher
{
    /// <summary>
    /// The zstd level a decoded delta is cached at, as a full payload, so later reads need no bases. Measured on
    /// 64 KiB blocks of JSON lines: level 1 compresses at ~400 MB/s per core to within a few percent of level 3 (~200
    /// MB/s), and the cache is a local budget, not the link.
    /// </summary>
    private const int DecodedCacheLevel = 1;

    private async Task FetchWithDeltasAsync(List<BlockRef> remote, LocalVersionSource? local, DeltaBasis basis, FetchedBlocks fetched, FetchCounters counters, bool remember, CancellationToken cancellationToken)
    {
        // Deltas whose bases are not all at hand wait, copied, for the end of the response (the stream is not held up
        // by fetches of bases); they are small, and at most one run's worth.
        var waiting = new List<(BlockRef Block, PooledBuffer Payload, DeltaBase[] Bases)>();
        var refetch = new List<BlockRef>();
        try
        {
            await _hub.FetchBlocksAsync(
                remote,
                async (block, payload) =>
                {
                    if (!BlockDelta.IsDelta(payload.Span))
                    {
                        fetched.Add(block.Signature, await AcceptAsync(block, payload, counters, remember, cancellationToken));
                        return;
                    }

                    DeltaBase[] bases;
                    try
                    {
                        bases = BlockDelta.ReadBases(payload.Span, block.Signature);
                    }
                    catch (DigestMismatchException)
                    {
                        counters.AddDiscarded(payload.Length);
                        refetch.Add(block);
                        return;
                    }

                    using var prefix = await HeldPrefixAsync(bases, local, fetchedBases: null, cancellationToken);
                    if (prefix is null)
                    {
                        var copy = new PooledBuffer(payload.Length) { Length = payload.Length };
                        payload.Span.CopyTo(copy.Span);
                        waiting.Add((block, copy, bases));
                    }
                    else if (!await TryDecodeAsync(block, payload, prefix, fetched, counters, remember, cancellationToken))
                    {
                        refetch.Add(block);
                    }
                },
                basis,
                cancellationToken);

            if (waiting.Count > 0)
            {
                using var fetchedBases = await FetchBasesAsync(waiting.SelectMany(w => w.Bases), local, counters, cancellationToken);
                foreach (var (block, payload, bases) in waiting)
                {
                    using var prefix = await HeldPrefixAsync(bases, local, fetchedBases, cancellationToken)
                        ?? throw DigestMismatchException.Undecodable(block.Signature, "the hub did not send every base of its delta");
                    if (!await TryDecodeAsync(block, payload, prefix, fetched, counters, remember, cancellationToken))
                    {
                        refetch.Add(block);
                    }
                }
            }
        }
        finally
        {
            foreach (var (_, payload, _) in waiting)
            {
                payload.Dispose();
            }
        }

        if (refetch.Count > 0)
        {
            // Without a basis: full payloads, decoded and verified as any; a corrupt one fails the fetch.
            await _hub.FetchBlocksAsync(refetch, async (block, payload) => fetched.Add(block.Signature, await AcceptAsync(block, payload, counters, remember, cancellationToken)), cancellationToken);
        }
    }

    // The bases' raw bytes concatenated, all from what is held (or from fetchedBases); null when one is not there.
    private async Task<PooledBuffer?> HeldPrefixAsync(DeltaBase[] bases, LocalVersionSource? local, FetchedBlocks? fetchedBases, CancellationToken cancellationToken)
    {
        var owned = new List<PooledBlock>(bases.Length);
        try
        {
            var parts = new List<ReadOnlyMemory<byte>>(bases.Length);
            foreach (var b in bases)
            {
                if (fetchedBases?.TryGet(b.Signature) is { } fetchedBase)
                {
                    parts.Add(fetchedBase.Memory);
                    continue;
                }

                var held = await TryHeldAsync(new BlockRef(b.Signature, b.Size), local, cancellationToken);
                if (held is null)
                {
                    return null;
                }

                owned.Add(held);
                parts.Add(held.Memory);
            }

            return BlockDelta.Prefix(parts);
        }
        finally
        {
            foreach (var block in owned)
            {
                block.Dispose();
            }
        }
    }

    // A base as this client holds it, verified: memory, the disk cache, then the held version's files.
    private async Task<PooledBlock?> TryHeldAsync(BlockRef block, LocalVersionSource? local, CancellationToken cancellationToken)
    {
        if (_memory.TryRead(block) is { } remembered)
        {
            return remembered;
        }

        if (_cache is not null && _cacheFailure is null && await TryCacheAsync(() => _cache.TryReadAsync(block, cancellationToken)) is { } cached)
        {
            return cached;
        }

        return local is null ? null : await local.TryReadAsync(block, cancellationToken);
    }

    // The bases not held, in one request without a basis (full payloads only), verified and cached like any block.
    private async Task<FetchedBlocks> FetchBasesAsync(IEnumerable<DeltaBase> bases, LocalVersionSource? local, FetchCounters counters, CancellationToken cancellationToken)
    {
        var fetchedBases = new FetchedBlocks();
        try
        {
            var missing = new List<BlockRef>();
            foreach (var b in bases.DistinctBy(b => b.Signature))
            {
                var block = new BlockRef(b.Signature, b.Size);
                if (await TryHeldAsync(block, local, cancellationToken) is { } held)
                {
                    fetchedBases.Add(b.Signature, held);
                }
                else
                {
                    missing.Add(block);
                }
            }

            if (missing.Count > 0)
            {
                await _hub.FetchBlocksAsync(
                    missing,
                    async (block, payload) =>
                    {
                        fetchedBases.Add(block.Signature, await DecodeAndCacheAsync(block, payload, cancellationToken));
                        counters.AddBaseFetched(payload.Length);
                        ClientMetrics.FromHub(payload.Length);
                    },
                    cancellationToken);
            }

            return fetchedBases;
        }
        catch
        {
            fetchedBases.Dispose();
            throw;
        }
    }

    // Decodes and verifies a delta, then keeps the block like any fetched one, cached as a full payload; false when
    // the delta does not decode or verify (the caller fetches the block again, full).
    private async Task<bool> TryDecodeAsync(BlockRef block, PooledBuffer payload, PooledBuffer prefix, FetchedBlocks fetched, FetchCounters counters, bool remember, CancellationToken cancellationToken)
    {
        PooledBlock decoded;
        try
        {
            decoded = BlockDelta.Decode(payload.Span, block.Signature, prefix.Span, block.Size);
        }
        catch (DigestMismatchException)
        {
            counters.AddDiscarded(payload.Length);
            return false;
        }

        try
        {
            if (_writeCache && _cacheFailure is null)
            {
                await TryCacheAsync(async () =>
                {
                    using var full = BlockPayload.Encode(decoded.Memory.Span, DecodedCacheLevel);
                    await _cache!.PutAsync(block.Signature, full.Memory, cancellationToken);
                    return (PooledBlock?)null;
                });
            }
        }
        catch
        {
            decoded.Dispose();
            throw;
        }

        counters.AddDelta(payload.Length);
        ClientMetrics.FromHub(payload.Length);
        if (remember)
        {
            _memory.Put(block.Signature, decoded.Memory.Span);
        }

        fetched.Add(block.Signature, decoded);
        return true;
    }
}
