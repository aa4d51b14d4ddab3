using AetherFS.Core.Blocks;
using AetherFS.Core.Manifests;
using AetherFS.Core.Packs;
using AetherFS.Storage.Blobs;
using AetherFS.Storage.Encryption;
using AetherFS.Storage.Packs;

namespace AetherFS.Storage.Blocks;

/// <summary>
/// Content-addressed blocks (chunks) stored in packs (<see cref="PackFormat"/>), found through the store's index
/// segments (<see cref="PackCatalog"/>); blocks from before packs (<c>blocks/xx/yyyy</c>, one object each) stay
/// readable until garbage collection packs them. Every block is verified against its signature when it is stored
/// and whenever it is read; verified blocks are kept decoded in a bounded memory cache, so hot files are served
/// without decoding and hashing them again.
/// </summary>
public sealed partial class BlockStore
{
    /// <summary>Adjacent chunks of one pack are read in one request when the bytes between them are at most this.</summary>
    public const int MaxReadGap = 1024 * 1024;

    /// <summary>No single read spans more: bounds what one request holds up and what a retry repeats.</summary>
    public const int MaxReadRange = 32 * 1024 * 1024;

    private const int ExistenceParallelism = 16;
    private const int MaxLoosePayloadSize = ChunkingParameters.MaxBlockSize + BlockPayload.HeaderSize;
    private readonly IBlobStore _blobs;
    private readonly TimeProvider _time;
    private readonly MemoryBlockCache _verified;
    private readonly long _verifiedBudget;

    // Full payloads of blocks stored as deltas, encoded for readers without bases (fresh pulls, single GETs).
    private readonly MemoryBlockCache _fullPayloads;

    // Packs this process verified whole (it received them, every block decoded and hashed, or built them from verified
    // blocks). Payloads sent from them to clients, who verify every block themselves, are not decoded again here: that
    // halved the hub's CPU per pull. What the hub decodes to serve itself (/fs, raw GETs) is verified on every read.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _verifiedPacks = new(StringComparer.Ordinal);

    /// <param name="verifiedCacheBytes">Budget of the memory cache of verified, decoded blocks.</param>
    /// <param name="cipher">Encryption at rest: seals every record this store writes, opens every one it reads.</param>
    public BlockStore(IBlobStore blobs, PackCatalog? catalog = null, TimeProvider? time = null, long verifiedCacheBytes = 64L * 1024 * 1024, PayloadCipher? cipher = null)
    {
        _blobs = blobs;
        Cipher = cipher ?? PayloadCipher.None;
        _time = time ?? TimeProvider.System;
        Catalog = catalog ?? new PackCatalog(blobs, _time);
        _verified = new MemoryBlockCache(verifiedCacheBytes);
        _verifiedBudget = verifiedCacheBytes;
        _fullPayloads = new MemoryBlockCache(verifiedCacheBytes / 2);
    }

    public PackCatalog Catalog { get; }

    /// <summary>How records are sealed at rest (<see cref="PayloadCipher.None"/>: they are not).</summary>
    public PayloadCipher Cipher { get; }

    /// <summary>
    /// Adds a verified payload to a pack this store will keep, sealed with the current key when it encrypts (single
    /// uploads, garbage collection's rewrites: so a rewrite after a key rotation moves its blocks to the new key).
    /// </summary>
    /// <param name="delta">Set when <paramref name="payload"/> is a delta this store keeps (its bases all full blocks here).</param>
    public void AddToPack(PackBuilder builder, string signature, ReadOnlySpan<byte> payload, StoredDelta? delta = null)
    {
        var rawLength = BlockPayload.ReadHeader(payload, signature).RawLength;
        if (!Cipher.Encrypts)
        {
            builder.Add(signature, payload, rawLength, delta);
            return;
        }

        using var sealedPayload = Cipher.Seal(SealedObjectKind.Block, signature, payload);
        builder.Add(signature, sealedPayload.Span, rawLength, delta);
    }

    /// <summary>A stored record's plaintext payload (a new buffer), for readers of whole packs such as garbage collection.</summary>
    public PooledBuffer OpenStored(string signature, ReadOnlySpan<byte> stored) => Cipher.Open(SealedObjectKind.Block, signature, stored);

    /// <summary>The key a block had before packs; kept for stores written by earlier versions.</summary>
    public static string KeyOf(string signature) => PackKeys.Loose(signature);

    /// <summary>The raw size of a stored block; null when absent. A block unknown here is looked for in segments written since.</summary>
    public async Task<int?> SizeAsync(string signature, CancellationToken cancellationToken)
    {
        if (await LocateAsync(signature, refreshOnMiss: true, cancellationToken) is { } found)
        {
            return found.Location.RawLength;
        }

        return Catalog.HasLooseBlocks ? await LooseSizeAsync(signature, cancellationToken) : null;
    }

    /// <summary>
    /// The raw sizes of those of <paramref name="signatures"/> that are stored (a manifest's check before it is
    /// committed): looked up in memory, the segments written since read once when any is unknown, then loose blocks.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, int>> SizesAsync(IReadOnlyCollection<string> signatures, bool refreshFirst, CancellationToken cancellationToken)
    {
        if (refreshFirst)
        {
            await Catalog.RefreshAsync(cancellationToken);
        }

        var sizes = new Dictionary<string, int>(StringComparer.Ordinal);
        var unknown = new List<string>();
        for (var pass = 0; pass < 2; pass++)
        {
            unknown.Clear();
            foreach (var signature in signatures)
            {
                if (!sizes.ContainsKey(signature))
                {
                    if (await Catalog.LocateAsync(signature, cancellationToken) is { } found)
                    {
                        sizes[signature] = found.Location.RawLength;
                    }
                    else
                    {
                        unknown.Add(signature);
                    }
                }
            }

            if (unknown.Count == 0 || pass == 1)
            {
                break;
            }

            await Catalog.RefreshAsync(cancellationToken);
        }

        if (unknown.Count > 0 && Catalog.HasLooseBlocks)
        {
            var loose = new int?[unknown.Count];
            await Parallel.ForEachAsync(
                Enumerable.Range(0, unknown.Count),
                new ParallelOptions { MaxDegreeOfParallelism = ExistenceParallelism, CancellationToken = cancellationToken },
                async (i, ct) => loose[i] = await LooseSizeAsync(unknown[i], ct));
            for (var i = 0; i < unknown.Count; i++)
            {
                if (loose[i] is { } size)
                {
                    sizes[unknown[i]] = size;
                }
            }
        }

        return sizes;
    }

    /// <summary>
    /// The payload sizes (compressed, with their block header: what a client receives and counts as downloaded) of
    /// those of <paramref name="signatures"/> that are stored. Records sealed at rest are counted without the sealing,
    /// which the hub removes before sending, using the current key's overhead: exact unless keys with ids of other
    /// lengths sealed some of them, or some predate encryption.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, int>> PayloadSizesAsync(IReadOnlyCollection<string> signatures, CancellationToken cancellationToken)
    {
        var sizes = new Dictionary<string, int>(StringComparer.Ordinal);
        var refreshed = false;
        foreach (var signature in signatures)
        {
            var found = await Catalog.LocateAsync(signature, cancellationToken);
            if (found is null && !refreshed)
            {
                // Read the segments written since once, for the first unknown block, not once per block.
                refreshed = true;
                await Catalog.RefreshAsync(cancellationToken);
                found = Catalog.Locate(Sha256Key.Parse(signature));
            }

            if (found is { } located)
            {
                // A block stored as a delta is sent in full to a reader without its bases.
                sizes[signature] = Catalog.DeltaOf(Sha256Key.Parse(signature)) is { } delta ? delta.FullPayloadLength : located.Location.PayloadLength - Cipher.Overhead;
            }
            else if (Catalog.HasLooseBlocks && await _blobs.HeadAsync(KeyOf(signature), cancellationToken) is { Size: >= BlockPayload.HeaderSize } loose)
            {
                sizes[signature] = (int)loose.Size - Cipher.Overhead;
            }
        }

        return sizes;
    }

    /// <summary>
    /// The signatures among <paramref name="signatures"/> this hub does not know, in the order given, without a
    /// request to the store unless it still holds loose blocks. A block another hub stored a moment ago may be
    /// reported missing: then it is stored twice, never lost. Callers that act on "present" refresh first
    /// (<see cref="RefreshAsync"/>) after writing their claim.
    /// </summary>
    public async Task<IReadOnlyList<string>> FindMissingAsync(IReadOnlyList<string> signatures, CancellationToken cancellationToken)
    {
        var distinct = signatures.Distinct(StringComparer.Ordinal).ToList();
        var present = new bool[distinct.Count];
        for (var i = 0; i < distinct.Count; i++)
        {
            present[i] = await LocateAsync(distinct[i], refreshOnMiss: false, cancellationToken) is not null;
        }

        if (Catalog.HasLooseBlocks)
        {
            await Parallel.ForEachAsync(
                Enumerable.Range(0, distinct.Count).Where(i => !present[i]),
                new ParallelOptions { MaxDegreeOfParallelism = ExistenceParallelism, CancellationToken = cancellationToken },
                async (i, ct) => present[i] = await _blobs.HeadAsync(KeyOf(distinct[i]), ct) is { Size: >= BlockPayload.HeaderSize });
        }

        return distinct.Where((_, i) => !present[i]).ToList();
    }

    /// <summary>Reads the index segments written since the last refresh (see <see cref="PackCatalog.RefreshAsync"/>).</summary>
    public Task RefreshAsync(CancellationToken cancellationToken) => Catalog.RefreshAsync(cancellationToken);

    /// <summary>A block's raw bytes, decoded and verified; null when absent; <see cref="DigestMismatchException"/> when corrupt.</summary>
    public Task<PooledBlock?> ReadAsync(string signature, CancellationToken cancellationToken) =>
        ReadAsync(signature, depth: 0, cancellationToken);

    // Depth counts the deltas being decoded that need this block as a base.
    private async Task<PooledBlock?> ReadAsync(string signature, int depth, CancellationToken cancellationToken)
    {
        if (_verified.TryRead(signature) is { } remembered)
        {
            return remembered;
        }

        using var payload = await ReadStoredAsync(signature, cancellationToken);
        if (payload is null)
        {
            return null;
        }

        PooledBlock block;
        try
        {
            block = BlockDelta.IsDelta(payload.Span)
                ? await DecodeDeltaAsync(signature, payload.Memory, depth, cancellationToken)
                : BlockPayload.Decode(payload.Span, signature);
        }
        catch (DigestMismatchException)
        {
            await QuarantineIfCorruptAsync(signature, cancellationToken);
            throw;
        }

        _verified.Put(signature, block.Memory.Span);
        return block;
    }

    /// <summary>
    /// A block's full payload, as stored, after decoding it once to verify it (a block stored as a delta: decoded and
    /// encoded in full); null when absent.
    /// </summary>
    public async Task<PooledBuffer?> ReadPayloadAsync(string signature, CancellationToken cancellationToken)
    {
        var payload = await ReadStoredAsync(signature, cancellationToken);
        if (payload is null)
        {
            return null;
        }

        try
        {
            if (BlockDelta.IsDelta(payload.Span))
            {
                using (payload)
                {
                    return await FullPayloadOfAsync(signature, payload.Memory, cancellationToken);
                }
            }

            BlockPayload.Verify(payload.Span, signature);
            return payload;
        }
        catch (DigestMismatchException)
        {
            payload.Dispose();
            await QuarantineIfCorruptAsync(signature, cancellationToken);
            throw;
        }
        catch
        {
            payload.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads many blocks' payloads with few requests: grouped by pack, adjacent ones in one ranged read (gaps up to
    /// <see cref="MaxReadGap"/>, ranges up to <see cref="MaxReadRange"/>), each verified before it reaches
    /// <paramref name="sink"/> (once: blocks of a pack this process verified whole are not decoded again), one at a
    /// time (memory holds one payload). Blocks come in pack order, not request
    /// order. Returns the signatures that are not stored. A block stored as a delta reaches the sink as its full
    /// payload, unless <paramref name="passDelta"/> accepts the block and its delta's bases (a reader that holds
    /// them): then as the stored delta (codec 2).
    /// </summary>
    public async Task<IReadOnlyList<string>> ReadPayloadsAsync(IReadOnlyList<string> signatures, Func<string, ReadOnlyMemory<byte>, Task> sink, CancellationToken cancellationToken, Func<string, DeltaBase[], bool>? passDelta = null)
    {
        var located = new List<LocatedChunk>();
        var unlocated = new List<string>();
        foreach (var signature in signatures.Distinct(StringComparer.Ordinal))
        {
            if (await LocateAsync(signature, refreshOnMiss: true, cancellationToken) is { } found)
            {
                located.Add(new LocatedChunk(signature, found.PackId, found.Location));
            }
            else
            {
                unlocated.Add(signature);
            }
        }

        foreach (var range in PackRanges.Plan(located, MaxReadGap, MaxReadRange))
        {
            await WarmBasesAsync(range, passDelta, cancellationToken);
            if (!await ReadRangeAsync(range, sink, passDelta, cancellationToken))
            {
                // The pack went (rewritten by a collection): read its blocks one by one from where they are now.
                unlocated.AddRange(range.Chunks.Select(c => c.Signature));
            }
        }

        var missing = new List<string>();
        foreach (var signature in unlocated)
        {
            using var payload = await ReadPayloadAsync(signature, cancellationToken);
            if (payload is null)
            {
                missing.Add(signature);
                continue;
            }

            await sink(signature, payload.Memory);
        }

        return missing;
    }

    /// <summary>Stores an encoded payload after decoding and verifying it; a block already present is kept.</summary>
    /// <param name="pushId">The push the block belongs to: its segment claims the block for it.</param>
    /// A delta is decoded against its bases (<see cref="DecodeDeltaAsync"/>) and stored as a delta or in full (<see cref="MaxStoredDeltaShare"/>).
    public async Task<bool> PutAsync(string signature, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken, string? pushId = null)
    {
        if (BlockDelta.IsDelta(payload.Span))
        {
            using var raw = await DecodeDeltaAsync(signature, payload, cancellationToken);
            return await PutOneAsync(signature, int.MaxValue, builder => AddDecodedDeltaAsync(builder, signature, payload, raw, cancellationToken), pushId, cancellationToken);
        }

        BlockPayload.Verify(payload.Span, signature);
        return await PutVerifiedAsync(signature, payload, cancellationToken, pushId);
    }

    /// <summary>Stores raw bytes (as a raw-codec payload) after checking they hash to <paramref name="signature"/>.</summary>
    public async Task<bool> PutRawAsync(string signature, ReadOnlyMemory<byte> raw, CancellationToken cancellationToken, string? pushId = null)
    {
        BlockSignature.Verify(signature, raw.Span);
        using var payload = BlockPayload.Encode(raw.Span, level: 0);
        return await PutVerifiedAsync(signature, payload.Memory, cancellationToken, pushId);
    }

    /// <summary>
    /// Stores a payload the caller has just decoded and verified itself, as a pack of one (garbage collection packs
    /// such packs together later). A block already present is kept, unless its stored copy no longer verifies: then
    /// this upload repairs it (the newer location wins).
    /// </summary>
    public Task<bool> PutVerifiedAsync(string signature, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken, string? pushId = null) =>
        PutOneAsync(signature, payload.Length + PackFormat.RecordHeaderSize + Cipher.Overhead, builder =>
        {
            AddToPack(builder, signature, payload.Span);
            return Task.CompletedTask;
        }, pushId, cancellationToken);

    // One block as a pack of one, added by `add`; false when it is stored and intact already.
    private async Task<bool> PutOneAsync(string signature, int packSize, Func<PackBuilder, Task> add, string? pushId, CancellationToken cancellationToken)
    {
        // Known here (no listing of the store for it: a block another hub took meanwhile is stored twice, never lost).
        if ((await FindMissingAsync([signature], cancellationToken)).Count == 0 && await IsIntactAsync(signature, cancellationToken))
        {
            return false;
        }

        using var builder = new PackBuilder(_blobs.SpoolDirectory, packSize);
        await add(builder);
        using var pack = builder.Build();
        await StorePackAsync(pack, pushId, cancellationToken);
        return true;
    }

    /// <summary>
    /// Stores a pack a client uploaded, streamed: spooled to a file while every chunk is verified (memory holds one
    /// chunk), then stored whole, then listed in a new index segment. Only then is it acknowledged, so a block
    /// reported stored is readable through any hub that refreshes. A chunk sent as a delta is decoded against stored
    /// bases (<see cref="DecodeDeltaAsync"/>) and kept as a delta or in full (<see cref="MaxStoredDeltaShare"/>). <see cref="InvalidDataException"/>
    /// or <see cref="DigestMismatchException"/> when the bytes are not a valid pack; nothing is stored then.
    /// </summary>
    /// <param name="pushId">The push the pack belongs to: the segment claims its chunks for it.</param>
    public async Task<VerifiedPack> PutPackAsync(Stream body, string? expectedId, string? pushId, CancellationToken cancellationToken)
    {
        if (Cipher.Encrypts)
        {
            return await PutRebuiltPackAsync(body, expectedId, pushId, cancellationToken);
        }

        var spool = Path.Join(_blobs.SpoolDirectory, "pack-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_blobs.SpoolDirectory);
        try
        {
            VerifiedPack pack;
            var deltas = 0;
            await using (var file = new FileStream(spool, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1024 * 1024, FileOptions.Asynchronous))
            {
                pack = await PackVerifier.VerifyAsync(body, file, PackFormat.MaxPackSize, onChunk: null, (signature, payload, ct) =>
                {
                    deltas++;
                    return DecodeDeltaAsync(signature, payload, ct);
                }, cancellationToken);
            }

            if (expectedId is not null && pack.Id != expectedId)
            {
                throw new InvalidDataException($"the pack's bytes hash to {pack.Id}, not {expectedId}");
            }

            if (deltas > 0)
            {
                // The verified upload, now on local disk, is rewritten record by record, each delta kept in the form
                // this store keeps it (AddDecodedDeltaAsync), decoded again (its bases are in memory by now).
                await using var verified = new FileStream(spool, FileMode.Open, FileAccess.Read, FileShare.Read, 1024 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
                await PutRebuiltPackAsync(verified, expectedId: null, pushId, cancellationToken);
                return pack;
            }

            await _blobs.PutFileAsync(PackKeys.Pack(pack.Id), spool, cancellationToken);
            await WriteSegmentAsync(new IndexSegment(pushId, [new SegmentPack(pack.Id, pack.Size, pack.Chunks)], []), cancellationToken);
            RememberVerified(pack.Id);
            return pack;
        }
        finally
        {
            File.Delete(spool);
        }
    }

    // A pack not stored as it came, but rebuilt here record by record as it is verified (memory holds one record):
    // with encryption, each chunk sealed into the new pack; with deltas, each kept in the form this store keeps it
    // (AddDecodedDeltaAsync). The new pack's trailer and segment give its records' offsets. The client is answered
    // with the pack it sent; the stored one is named, as every pack, by the SHA-256 of its own bytes.
    private async Task<VerifiedPack> PutRebuiltPackAsync(Stream body, string? expectedId, string? pushId, CancellationToken cancellationToken)
    {
        using var builder = new PackBuilder(_blobs.SpoolDirectory, int.MaxValue);
        var pack = await PackVerifier.VerifyAsync(body, copyTo: null, PackFormat.MaxPackSize, (chunk, payload) => AddToPack(builder, chunk.Signature, payload.Span), DecodeDeltaAsync, cancellationToken, (chunk, delta, raw) => AddDecodedDeltaAsync(builder, chunk.Signature, delta, raw, cancellationToken));
        if (expectedId is not null && pack.Id != expectedId)
        {
            throw new InvalidDataException($"the pack's bytes hash to {pack.Id}, not {expectedId}");
        }

        using var built = builder.Build();
        await StorePackAsync(built, pushId, cancellationToken);
        return pack;
    }

    /// <summary>Where packs built for this store are spooled (<see cref="PackBuilder"/>): on the local store, beside the blobs.</summary>
    public string SpoolDirectory => _blobs.SpoolDirectory;

    /// <summary>Stores a pack built here (single uploads, garbage collection's rewrites), then its segment; the store takes its file.</summary>
    public async Task StorePackAsync(BuiltPack pack, string? pushId, CancellationToken cancellationToken)
    {
        await _blobs.PutFileAsync(PackKeys.Pack(pack.Id), pack.Path, cancellationToken);
        await WriteSegmentAsync(new IndexSegment(pushId, [new SegmentPack(pack.Id, pack.Length, pack.Chunks, pack.Deltas)], []), cancellationToken);
        RememberVerified(pack.Id);
    }

    /// <summary>Writes an index segment under a new time-stamped key and makes it known here at once.</summary>
    public async Task<string> WriteSegmentAsync(IndexSegment segment, CancellationToken cancellationToken)
    {
        var key = PackKeys.NewSegment(_time.GetUtcNow());
        await _blobs.PutAsync(key, segment.Encode(), cancellationToken);
        Catalog.Record(key, segment);
        return key;
    }

    /// <summary>
    /// Records copies of chunks found corrupt in one index segment, for every hub sharing the store: they stop being
    /// read, "which are missing" reports them (so the next push that has them uploads them again, and that copy wins),
    /// and garbage collection drops them. Another good copy, if the store holds one, is found at the next reload.
    /// </summary>
    public async Task QuarantineAsync(IReadOnlyList<QuarantinedChunk> chunks, CancellationToken cancellationToken)
    {
        if (chunks.Count > 0)
        {
            await WriteSegmentAsync(new IndexSegment(null, [], [], chunks), cancellationToken);
        }
    }

    /// <summary>Where a block's payload lies in the store (key, offset, length), for tests and repair tools; null when unknown.</summary>
    public async Task<(string Key, long Offset, int Length)?> LocationOfAsync(string signature, CancellationToken cancellationToken)
    {
        if (await LocateAsync(signature, refreshOnMiss: true, cancellationToken) is { } found)
        {
            return (PackKeys.Pack(found.PackId), found.Location.Offset, found.Location.PayloadLength);
        }

        return await _blobs.HeadAsync(KeyOf(signature), cancellationToken) is { } loose ? (loose.Key, 0, (int)loose.Size) : null;
    }

    /// <summary>Forgets decoded blocks kept in memory (a test that damages a pack wants the damage read).</summary>
    public void ForgetVerified() => _verified.Clear();

    private async Task<(string PackId, ChunkLocation Location)?> LocateAsync(string signature, bool refreshOnMiss, CancellationToken cancellationToken)
    {
        if (await Catalog.LocateAsync(signature, cancellationToken) is { } found)
        {
            return found;
        }

        if (!refreshOnMiss)
        {
            return null;
        }

        await Catalog.RefreshAsync(cancellationToken);
        return Catalog.Locate(Sha256Key.Parse(signature));
    }

    // A read found the block's bytes wrong. Read its copy once more, straight from its pack, so that one bad transfer
    // does not condemn a good copy; still wrong, it is quarantined. Loose blocks (from before packs) are not.
    private async Task QuarantineIfCorruptAsync(string signature, CancellationToken cancellationToken)
    {
        if (Catalog.Locate(Sha256Key.Parse(signature)) is not { } found)
        {
            return;
        }

        try
        {
            await using var content = await OpenPackAsync(found.PackId, found.Location.Offset, found.Location.PayloadLength, signature, cancellationToken);
            if (content is null)
            {
                return;
            }

            using var payload = Cipher.Open(SealedObjectKind.Block, signature, await ReadExactlyAsync(content, signature, found.Location.PayloadLength, cancellationToken));
            if (!BlockDelta.IsDelta(payload.Span))
            {
                BlockPayload.Verify(payload.Span, signature);
                return;
            }

            // A delta whose base is damaged is not damaged itself: the base's own read quarantines the base.
            if (!await BasesReadAsync(signature, payload.Memory, cancellationToken))
            {
                return;
            }

            using var decoded = await DecodeDeltaAsync(signature, payload.Memory, depth: 0, cancellationToken);
            return;
        }
        catch (DigestMismatchException)
        {
        }

        await QuarantineAsync([new QuarantinedChunk(found.PackId, signature)], cancellationToken);
    }

    // Clients ask which blocks are missing before uploading, so reading a duplicate to check it is rare.
    private async Task<bool> IsIntactAsync(string signature, CancellationToken cancellationToken)
    {
        try
        {
            using var block = await ReadPayloadAsync(signature, cancellationToken);
            return block is not null;
        }
        catch (DigestMismatchException)
        {
            return false;
        }
    }

    // The stored payload, from its pack (or, for a block from before packs, its own object); null when absent.
    private async Task<PooledBuffer?> ReadStoredAsync(string signature, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 2; attempt++)
        {
            if (await LocateAsync(signature, refreshOnMiss: attempt == 0, cancellationToken) is not { } found)
            {
                break;
            }

            await using var content = await OpenPackAsync(found.PackId, found.Location.Offset, found.Location.PayloadLength, signature, cancellationToken);
            if (content is not null)
            {
                return Cipher.Open(SealedObjectKind.Block, signature, await ReadExactlyAsync(content, signature, found.Location.PayloadLength, cancellationToken));
            }

            // The pack is gone (a collection rewrote it): reload the segments once and look again.
            Catalog.Invalidate();
        }

        if (Catalog.IsQuarantined(Sha256Key.Parse(signature)))
        {
            throw DigestMismatchException.Undecodable(signature, "its stored copy is corrupt and quarantined; a push of data that holds it repairs it");
        }

        if (!Catalog.HasLooseBlocks)
        {
            return null;
        }

        await using var loose = await _blobs.OpenReadAsync(KeyOf(signature), 0, null, cancellationToken);
        if (loose is null)
        {
            return null;
        }

        if (loose.Length is < BlockPayload.HeaderSize or > MaxLoosePayloadSize)
        {
            throw DigestMismatchException.Undecodable(signature, $"a {loose.Length}-byte object cannot be a block");
        }

        return await ReadExactlyAsync(loose, signature, (int)loose.Length, cancellationToken);
    }

    // One coalesced range of a pack: its chunks in offset order, skipping the bytes between them. False when the pack is gone.
    private async Task<bool> ReadRangeAsync(PackRange range, Func<string, ReadOnlyMemory<byte>, Task> sink, Func<string, DeltaBase[], bool>? passDelta, CancellationToken cancellationToken)
    {
        await using var content = await OpenPackAsync(range.PackId, range.Start, range.Length, range.Chunks[0].Signature, cancellationToken);
        if (content is null)
        {
            Catalog.Invalidate();
            return false;
        }

        var verifiedWhole = _verifiedPacks.ContainsKey(range.PackId);
        var position = range.Start;
        foreach (var chunk in range.Chunks)
        {
            await SkipAsync(content.Stream, chunk.Location.Offset - position, cancellationToken);
            var stored = await ReadExactlyAsync(content, chunk.Signature, chunk.Location.PayloadLength, cancellationToken);
            PooledBuffer payload;
            try
            {
                // A sealed record authenticates as it opens (bound to its signature: what this hub sealed is what it verified).
                payload = Cipher.Open(SealedObjectKind.Block, chunk.Signature, stored);
                if (BlockDelta.IsDelta(payload.Span))
                {
                    payload = await DeltaForReaderAsync(chunk.Signature, payload, passDelta, cancellationToken);
                }
                else if (!verifiedWhole)
                {
                    try
                    {
                        BlockPayload.Verify(payload.Span, chunk.Signature);
                    }
                    catch
                    {
                        payload.Dispose();
                        throw;
                    }
                }
            }
            catch (DigestMismatchException)
            {
                await QuarantineIfCorruptAsync(chunk.Signature, cancellationToken);
                throw;
            }

            using (payload)
            {
                await sink(chunk.Signature, payload.Memory);
            }

            position = chunk.Location.Offset + chunk.Location.PayloadLength;
        }

        return true;
    }

    // A stored delta as a reader gets it: as it is when the reader holds its bases, else the full payload. Takes
    // ownership of the delta. One sent as it is is not decoded here: that would read every base, which the reader
    // holds, from the store (a request each on S3). The reader decodes it and checks the SHA-256; one that does not
    // decode is fetched again without bases, and that read decodes it here, where damage is found and quarantined.
    private async Task<PooledBuffer> DeltaForReaderAsync(string signature, PooledBuffer delta, Func<string, DeltaBase[], bool>? passDelta, CancellationToken cancellationToken)
    {
        try
        {
            if (passDelta is null || !passDelta(signature, BlockDelta.ReadBases(delta.Span, signature)))
            {
                using (delta)
                {
                    return await FullPayloadOfAsync(signature, delta.Memory, cancellationToken);
                }
            }

            return delta;
        }
        catch
        {
            delta.Dispose();
            throw;
        }
    }

    // A pack shorter than its index says is damage: reported for the block read, as any corruption is.
    private async Task<BlobContent?> OpenPackAsync(string packId, long offset, long length, string signature, CancellationToken cancellationToken)
    {
        try
        {
            return await _blobs.OpenReadAsync(PackKeys.Pack(packId), offset, length, cancellationToken);
        }
        catch (ArgumentOutOfRangeException)
        {
            throw DigestMismatchException.Undecodable(signature, $"pack {packId} is shorter than its index says");
        }
    }

    private void RememberVerified(string packId)
    {
        if (_verifiedPacks.Count >= 1_000_000)
        {
            _verifiedPacks.Clear();
        }

        _verifiedPacks[packId] = true;
    }

    private static async Task SkipAsync(Stream stream, long count, CancellationToken cancellationToken)
    {
        if (count <= 0)
        {
            return;
        }

        var scratch = System.Buffers.ArrayPool<byte>.Shared.Rent((int)Math.Min(count, 81920));
        try
        {
            while (count > 0)
            {
                var read = await stream.ReadAsync(scratch.AsMemory(0, (int)Math.Min(count, scratch.Length)), cancellationToken);
                count -= read > 0 ? read : throw new EndOfStreamException();
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    private static async Task<PooledBuffer> ReadExactlyAsync(BlobContent content, string signature, int length, CancellationToken cancellationToken)
    {
        var payload = new PooledBuffer(length) { Length = length };
        try
        {
            await content.Stream.ReadExactlyAsync(payload.Memory, cancellationToken);
            return payload;
        }
        catch (EndOfStreamException)
        {
            payload.Dispose();
            throw DigestMismatchException.Undecodable(signature, "its stored bytes end early");
        }
        catch
        {
            payload.Dispose();
            throw;
        }
    }

    private async Task<int?> LooseSizeAsync(string signature, CancellationToken cancellationToken)
    {
        var info = await _blobs.HeadAsync(KeyOf(signature), cancellationToken);
        if (info is null)
        {
            return null;
        }

        if (info.Size < BlockPayload.HeaderSize)
        {
            // What a writer killed mid-PUT leaves on a server without atomic PUTs (s3rver): absent, so the next upload repairs it.
            return null;
        }

        await using var content = await _blobs.OpenReadAsync(KeyOf(signature), 0, BlockPayload.HeaderSize, cancellationToken);
        if (content is null)
        {
            return null;
        }

        var header = new byte[BlockPayload.HeaderSize];
        await content.Stream.ReadExactlyAsync(header, cancellationToken);
        return BlockPayload.ReadHeader(header, signature).RawLength;
    }
}
