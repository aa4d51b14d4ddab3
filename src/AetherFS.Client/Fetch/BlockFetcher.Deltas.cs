using AetherFS.Client.Telemetry;
using AetherFS.Core.Blocks;
using AetherFS.Core.Manifests;

namespace AetherFS.Client.Fetch;

/// <summary>
/// Blocks that come as deltas: each is decoded against its bases' raw bytes, taken from what this client holds (the
/// memory cache, the disk cache, the held version's files; each verified). A delta this client cannot use, because a
/// base is not at hand (evicted, a file changed on disk) or it does not decode or verify, is fetched once more, full,
/// without naming a held version, so the fallback never gets a delta again and never loops; a corrupt full payload
/// then fails the fetch: wrong bytes are never handed on.
/// </summary>
/// <remarks>
/// The fallback fetches the block, not its bases: one full block costs no more than the one to three full bases its
/// delta names (blocks of an older version, of no use afterwards), and a mount that read little of the version it
/// held would otherwise pay delta plus bases for every block, more than without deltas.
/// </remarks>
public sealed partial class BlockFetcher
{
    /// <summary>
    /// The zstd level a decoded delta is cached at, as a full payload, so later reads need no bases. Measured on 8 MiB
    /// of JSON lines in 64 KiB blocks (this machine, one core, warm): level 1 came to 14.6% of the raw bytes at ~185
    /// MB/s, level 3 to 14.8% at ~172 MB/s; no smaller for more work, so level 1.
    /// </summary>
    private const int DecodedCacheLevel = 1;

    private async Task FetchWithDeltasAsync(List<BlockRef> remote, LocalVersionSource? local, DeltaBasis basis, FetchedBlocks fetched, FetchCounters counters, bool remember, CancellationToken cancellationToken)
    {
        var refetch = new List<BlockRef>();
        await _hub.FetchBlocksAsync(
            remote,
            TimedFirst(async (block, payload) =>
            {
                if (!BlockDelta.IsDelta(payload.Span))
                {
                    fetched.Add(block.Signature, await AcceptAsync(block, payload, counters, remember, cancellationToken));
                }
                else if (!await TryAcceptDeltaAsync(block, payload, local, basis, fetched, counters, remember, cancellationToken))
                {
                    counters.AddDeltaFallback(payload.Length);
                    refetch.Add(block);
                }
            }),
            basis,
            cancellationToken);

        if (refetch.Count > 0)
        {
            // Without a basis: full payloads, decoded and verified as any; a delta or a corrupt payload fails the fetch.
            await _hub.FetchBlocksAsync(refetch, async (block, payload) => fetched.Add(block.Signature, await AcceptAsync(block, payload, counters, remember, cancellationToken)), cancellationToken);
        }
    }

    // Decodes and verifies a delta against held bases, then keeps the block like any fetched one, cached as a full
    // payload; false when a base is not at hand or the delta is malformed, does not decode or does not verify.
    private async Task<bool> TryAcceptDeltaAsync(BlockRef block, PooledBuffer payload, LocalVersionSource? local, DeltaBasis basis, FetchedBlocks fetched, FetchCounters counters, bool remember, CancellationToken cancellationToken)
    {
        PooledBlock decoded;
        try
        {
            // The hub names bases by their place in the held version (codec 3): looked up in its block list.
            using var delta = BlockDelta.Expand(payload.Span, block.Signature, basis.HeldBlocks);
            var bases = BlockDelta.ReadBases(delta.Span, block.Signature);
            using var prefix = await HeldPrefixAsync(bases, local, cancellationToken);
            if (prefix is null)
            {
                return false;
            }

            decoded = BlockDelta.Decode(delta.Span, block.Signature, prefix.Span, block.Size);
        }
        catch (DigestMismatchException)
        {
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

        _inFlight.Arrived(block.Signature);
        counters.AddDelta(payload.Length);
        ClientMetrics.FromHub(payload.Length);
        if (remember)
        {
            _memory.Put(block.Signature, decoded.Memory.Span);
        }

        fetched.Add(block.Signature, decoded);
        return true;
    }

    // The bases' raw bytes concatenated in order, all from what is held; null when one is not at hand.
    private async Task<PooledBuffer?> HeldPrefixAsync(DeltaBase[] bases, LocalVersionSource? local, CancellationToken cancellationToken)
    {
        var held = new List<PooledBlock>(bases.Length);
        try
        {
            foreach (var b in bases)
            {
                if (await TryHeldAsync(new BlockRef(b.Signature, b.Size), local, cancellationToken) is not { } block)
                {
                    return null;
                }

                held.Add(block);
            }

            return BlockDelta.Prefix(held.Select(b => b.Memory).ToList());
        }
        finally
        {
            foreach (var block in held)
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
}
