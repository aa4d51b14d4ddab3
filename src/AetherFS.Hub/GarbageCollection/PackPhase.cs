using System.Buffers;
using AetherFS.Core.Blocks;
using AetherFS.Core.Packs;
using AetherFS.Storage.Blobs;
using AetherFS.Storage.Blocks;
using AetherFS.Storage.Packs;
using Microsoft.Extensions.Logging;

namespace AetherFS.Hub.GarbageCollection;

/// <summary>
/// Packs: keeps those whose chunks are live (marked from a kept manifest, claimed, or young), deletes those with
/// nothing live, and compacts the rest: a pack with too little of its payload live,
/// or one much smaller than the target (single-block uploads), has its live chunks copied into new packs.
/// "Too little" is <see cref="GcRunOptions.MaxUnused"/>: dead bytes above that fraction of the pack's payload. Every step
/// writes before it removes: new packs and their segment, then a tombstone segment naming the packs about to go,
/// then the deletions, then the claims are read again and any chunk of a deleted pack claimed meanwhile is put back
/// into a new pack. A kill -9 anywhere leaves at worst a pack both copied and not yet deleted (the next collection
/// finishes it). Blocks stored loose, before packs, that are live are packed here too (migration).
/// See docs/architecture.md, "Garbage collection".
/// </summary>
internal sealed partial class PackPhase : IDisposable
{
    /// <summary>Packs smaller than this are merged into new ones, as long as there are several.</summary>
    public const long SmallPack = PackFormat.TargetSize / 4;

    /// <summary>Merge segments into one when a collection finds more than this many.</summary>
    public const int MergeSegmentsAbove = 16;

    /// <summary>How long tombstones are carried over when segments merge: twice the hubs' full reload interval.</summary>
    public static readonly TimeSpan TombstoneRetention = PackCatalog.FullReloadAfter * 2;

    private const long MaxBatchBytes = 64L * 1024 * 1024;
    private readonly IBlobStore _blobs;
    private readonly BlockStore _blocks;
    private readonly ClaimSet _claims;
    private readonly HashSet<Sha256Key> _marks;
    private readonly ManifestPhase _manifests;
    private readonly DateTime _start;
    private readonly DateTime _youngAfter;
    private readonly DateTime _claimsLapseBefore;
    private readonly bool _dryRun;
    private readonly bool _reclaimOnly;
    private readonly double _maxUnused;
    private readonly ILogger _logger;
    private readonly HashSet<Sha256Key> _written = [];

    // Blocks in packs kept as they are: another copy of one (two hubs took it at once) is dead weight.
    private readonly HashSet<Sha256Key> _keptChunks = [];

    // Blocks kept because a live block is stored as a delta against them (recomputed as claims arrive).
    private readonly HashSet<Sha256Key> _baseMarks = [];

    // Every stored delta the segments list, with its bases: parsed once, marked from after every read of the claims.
    private List<(Sha256Key Block, Sha256Key[] Bases)> _deltaEdges = [];

    // Blocks already counted as kept in the report: each block once, however many copies.
    private readonly HashSet<Sha256Key> _counted = [];
    private readonly List<SegmentPack> _newPacks = [];
    private readonly HashSet<string> _gone = new(StringComparer.Ordinal);
    private PackBuilder? _builder;
    private PackInventory _inventory = new();

    /// <param name="reclaimOnly">The store is full: delete packs with nothing live, write no new packs (no compaction, no migration, no merge).</param>
    public PackPhase(IBlobStore blobs, BlockStore blocks, ClaimSet claims, HashSet<Sha256Key> marks, ManifestPhase manifests, ObjectTally chunks, DateTime start, GcRunOptions options, TimeSpan claimLifetime, bool reclaimOnly, ILogger logger)
    {
        _reclaimOnly = reclaimOnly;
        Chunks = chunks;
        _blobs = blobs;
        _blocks = blocks;
        _claims = claims;
        _marks = marks;
        _manifests = manifests;
        _start = start;
        _youngAfter = start - options.Grace;
        _claimsLapseBefore = start - claimLifetime;
        _dryRun = options.DryRun;
        _maxUnused = options.MaxUnused;
        _logger = logger;
    }

    /// <summary>Chunks, as the report's "blocks" (shared with the loose blocks' phase).</summary>
    public ObjectTally Chunks { get; }

    public PackTally Packs { get; } = new();

    public async Task RunAsync(IReadOnlyList<(BlobInfo Blob, string Signature)> looseLive, CancellationToken cancellationToken)
    {
        var inventory = await PackInventory.ReadAsync(_blobs, cancellationToken);
        _inventory = inventory;
        Packs.Segments = inventory.Segments.Count;
        foreach (var segment in inventory.Segments.Where(s => s.Segment.PushId is not null))
        {
            _claims.AddPushSegment(segment.Segment.PushId!, segment.Written, segment.Segment.Packs.SelectMany(p => p.Chunks).Select(c => c.Signature));
        }

        _deltaEdges = [.. inventory.Packs.Values.SelectMany(p => p.Deltas).Select(d => (Sha256Key.Parse(d.Signature), d.Bases.Select(Sha256Key.Parse).ToArray()))];
        MarkBases();

        // Decide from the listing; chunks in packs kept as they are need no copy anywhere else.
        var candidates = new List<PackCandidate>();
        await foreach (var blob in _blobs.ListAsync(PackKeys.PackPrefix, cancellationToken))
        {
            if (PackKeys.PackIdOf(blob.Key) is not { } id)
            {
                continue;
            }

            Packs.Examined++;
            if (inventory.Packs.TryGetValue(id, out var pack))
            {
                var candidate = new PackCandidate(blob, pack, Orphan: false);
                if (Decide(candidate) == PackDecision.Keep)
                {
                    Keep(candidate);
                }
                else
                {
                    candidates.Add(candidate);
                }
            }
            else if (inventory.Tombstones.Contains(id))
            {
                // A collection died between its tombstone and its delete (what was live is copied already, and no hub
                // reads a tombstoned pack), or is deleting it right now: finish it.
                candidates.Add(new PackCandidate(blob, new SegmentPack(id, blob.Size, []), Orphan: true));
            }
            else if (blob.LastModified > _claimsLapseBefore || blob.LastModified > _youngAfter)
            {
                // Stored, its segment not yet: an upload in flight.
                Packs.Kept++;
            }
            else
            {
                candidates.Add(new PackCandidate(blob, await ReadTrailerAsync(blob, id, cancellationToken) ?? new SegmentPack(id, blob.Size, []), Orphan: true));
            }
        }

        Log.Planned(_logger, Packs.Examined, inventory.Segments.Count, candidates.Count);
        var batch = new List<PackCandidate>();
        long batchBytes = 0;
        foreach (var candidate in candidates)
        {
            if (batch.Count > 0 && batchBytes + candidate.Blob.Size > MaxBatchBytes)
            {
                await RunBatchAsync(batch, cancellationToken);
                batch.Clear();
                batchBytes = 0;
            }

            batch.Add(candidate);
            batchBytes += candidate.Blob.Size;
        }

        if (batch.Count > 0)
        {
            await RunBatchAsync(batch, cancellationToken);
        }

        await MigrateLooseAsync(looseLive, cancellationToken);
        await MergeSegmentsAsync(inventory, cancellationToken);
    }

    // On a full store a rewrite would need room before it frees any: such packs wait for a collection with room.
    private PackDecision Decide(PackCandidate candidate) =>
        DecideByLiveness(candidate) is var decision && _reclaimOnly && decision == PackDecision.Rewrite ? PackDecision.Keep : decision;

    private PackDecision DecideByLiveness(PackCandidate candidate)
    {
        if (candidate.Orphan)
        {
            return CountLive(candidate.Pack, young: false, out _) == 0 ? PackDecision.Delete : PackDecision.Rewrite;
        }

        if (candidate.Blob.LastModified > _youngAfter)
        {
            return PackDecision.Keep;
        }

        var live = CountLive(candidate.Pack, young: false, out var liveBytes);
        if (HasQuarantined(candidate.Pack))
        {
            // A corrupt copy goes as soon as its pack is old enough to rewrite: the good copies are elsewhere or to come.
            return live == 0 ? PackDecision.Delete : PackDecision.Rewrite;
        }

        if (live == candidate.Pack.Chunks.Count)
        {
            var small = candidate.Blob.Size < SmallPack && _inventory.Packs.Count > 1;
            return small ? PackDecision.Rewrite : PackDecision.Keep;
        }

        if (live == 0)
        {
            return PackDecision.Delete;
        }

        return candidate.PayloadBytes - liveBytes > _maxUnused * candidate.PayloadBytes ? PackDecision.Rewrite : PackDecision.Keep;
    }

    // Chunks of a young pack all count as live: the grace period keeps what was stored recently. A copy of a block
    // that a kept pack holds already does not, nor does a copy quarantined as corrupt.
    private int CountLive(SegmentPack pack, bool young, out long liveBytes)
    {
        liveBytes = 0;
        var live = 0;
        foreach (var chunk in pack.Chunks)
        {
            var key = Sha256Key.Parse(chunk.Signature);
            if ((IsLive(key) || young) && !_keptChunks.Contains(key) && !IsQuarantined(pack, chunk))
            {
                live++;
                liveBytes += chunk.PayloadLength;
            }
        }

        return live;
    }

    private bool IsLive(Sha256Key key) => IsReferenced(key) || _claims.HasBlock(key);

    private bool IsReferenced(Sha256Key key) => _marks.Contains(key) || _baseMarks.Contains(key);

    // Every base a live block stored as a delta needs is live too, whichever version it came from. Chains are one deep;
    // the loop also covers a deeper one (two hubs storing at once).
    private void MarkBases()
    {
        bool added;
        do
        {
            added = false;
            foreach (var (block, bases) in _deltaEdges)
            {
                if (IsLive(block))
                {
                    foreach (var b in bases)
                    {
                        added |= _baseMarks.Add(b);
                    }
                }
            }
        }
        while (added);
    }

    private bool IsQuarantined(SegmentPack pack, PackChunk chunk) =>
        _inventory.Quarantined.Count > 0 && _inventory.Quarantined.Contains(new QuarantinedChunk(pack.Id, chunk.Signature));

    private bool HasQuarantined(SegmentPack pack) => _inventory.Quarantined.Count > 0 && pack.Chunks.Any(c => IsQuarantined(pack, c));

    private void Keep(PackCandidate candidate)
    {
        Packs.Kept++;
        var young = candidate.Blob.LastModified > _youngAfter;
        foreach (var chunk in candidate.Pack.Chunks)
        {
            Chunks.Examine();
            var key = Sha256Key.Parse(chunk.Signature);
            if (IsQuarantined(candidate.Pack, chunk))
            {
                // Kept only because its pack is young: never the copy other copies are measured against.
                Chunks.KeepUnreclaimed(chunk.PayloadLength);
                continue;
            }

            _keptChunks.Add(key);
            if (!_counted.Add(key))
            {
                // Another copy of a block counted already: dead weight, reclaimed when this pack is rewritten.
                Chunks.KeepUnreclaimed(chunk.PayloadLength);
            }
            else if (IsReferenced(key))
            {
                Chunks.KeepReferenced(chunk.PayloadLength);
            }
            else if (_claims.HasBlock(key))
            {
                Chunks.KeepClaimed(chunk.PayloadLength);
            }
            else if (young)
            {
                Chunks.KeepYoung(chunk.PayloadLength);
            }
            else
            {
                // Dead, in a pack mostly live: left for a later collection, when more of the pack has died.
                Chunks.KeepUnreclaimed(chunk.PayloadLength);
            }
        }
    }

    private async Task RunBatchAsync(List<PackCandidate> batch, CancellationToken cancellationToken)
    {
        // Claims made since the decisions may have brought chunks back to life: decide again with them.
        await ReadClaimsAsync(cancellationToken);
        var decided = batch.Select(c => (Candidate: c, Decision: Decide(c))).ToList();
        foreach (var (candidate, _) in decided.Where(d => d.Decision == PackDecision.Keep))
        {
            Keep(candidate);
        }

        var going = decided.Where(d => d.Decision != PackDecision.Keep).Select(d => d.Candidate).ToList();
        if (_dryRun)
        {
            // What the real run reads (every pack that goes), writes (its live blocks) and frees, estimated.
            foreach (var candidate in going)
            {
                var live = candidate.Pack.Chunks.Where(c => IsLive(Sha256Key.Parse(c.Signature))).ToList();
                TallyGone(candidate, copied: live.Select(c => c.Signature).ToHashSet(StringComparer.Ordinal));
                Packs.ReadBytes += candidate.Blob.Size;
                Packs.WrittenBytes += live.Sum(c => (long)c.PayloadLength + PackFormat.RecordHeaderSize + PackFormat.TrailerEntrySize);
            }

            return;
        }

        // Read first (nothing is deleted yet): the live chunks to copy, and the bytes to put back if a claim arrives.
        var contents = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        try
        {
            foreach (var candidate in going)
            {
                if (await ReadWholeAsync(candidate.Blob, cancellationToken) is { } bytes)
                {
                    contents[candidate.Pack.Id] = bytes;
                    Packs.ReadBytes += candidate.Blob.Size;
                }
            }

            var copied = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            foreach (var candidate in going)
            {
                copied[candidate.Pack.Id] = await CopyAsync(candidate, contents, c => IsLive(Sha256Key.Parse(c.Signature)), cancellationToken);
            }

            await FlushAsync(cancellationToken);

            // From here the batch runs to its end whatever the token says: a tombstone without its deletions is
            // harmless (hubs reload, the next collection deletes), deletions without the claims read again are not.
            var ids = going.Where(c => contents.ContainsKey(c.Pack.Id) || c.Pack.Chunks.Count == 0).Select(c => c.Pack.Id).ToList();
            if (ids.Count == 0)
            {
                return;
            }

            await _blocks.WriteSegmentAsync(new IndexSegment(null, [], ids), CancellationToken.None);
            foreach (var id in ids)
            {
                await _blobs.DeleteAsync(PackKeys.Pack(id), CancellationToken.None);
                _gone.Add(id);
            }

            await ReadClaimsAsync(CancellationToken.None);
            foreach (var candidate in going.Where(c => ids.Contains(c.Pack.Id)))
            {
                var restored = await CopyAsync(candidate, contents, c => !copied[candidate.Pack.Id].Contains(c.Signature) && IsLive(Sha256Key.Parse(c.Signature)), CancellationToken.None);
                foreach (var signature in restored)
                {
                    Chunks.CountRestored();
                }

                copied[candidate.Pack.Id].UnionWith(restored);
                TallyGone(candidate, copied[candidate.Pack.Id]);
            }

            await FlushAsync(CancellationToken.None);
        }
        finally
        {
            contents.Clear();
        }
    }

    private void TallyGone(PackCandidate candidate, HashSet<string> copied)
    {
        Packs.RemovedBytes += candidate.Blob.Size;
        if (copied.Count > 0)
        {
            Packs.Rewritten++;
        }
        else
        {
            Packs.Deleted++;
        }

        foreach (var chunk in candidate.Pack.Chunks)
        {
            Chunks.Examine();
            var key = Sha256Key.Parse(chunk.Signature);
            if ((copied.Contains(chunk.Signature) || (IsLive(key) && !IsQuarantined(candidate.Pack, chunk))) && _counted.Add(key))
            {
                if (IsReferenced(key))
                {
                    Chunks.KeepReferenced(chunk.PayloadLength);
                }
                else
                {
                    Chunks.KeepClaimed(chunk.PayloadLength);
                }
            }
            else
            {
                Chunks.Delete(chunk.PayloadLength);
            }
        }
    }

    // Copies the chunks `include` picks from a pack about to go into new packs, each verified first; the chunks copied
    // (or already safe: in a kept pack, or copied before). A corrupt one is not copied: it is reported and, once its
    // pack is gone, the next push that needs it uploads it again.
    private async Task<HashSet<string>> CopyAsync(PackCandidate candidate, Dictionary<string, byte[]> contents, Func<PackChunk, bool> include, CancellationToken cancellationToken)
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        if (!contents.TryGetValue(candidate.Pack.Id, out var bytes))
        {
            return done;
        }

        var deltas = candidate.Pack.Deltas.ToDictionary(d => d.Signature, StringComparer.Ordinal);
        foreach (var chunk in candidate.Pack.Chunks.Where(include))
        {
            var key = Sha256Key.Parse(chunk.Signature);
            if (_keptChunks.Contains(key) || _written.Contains(key))
            {
                done.Add(chunk.Signature);
                continue;
            }

            // Opened (a sealed record) before it is verified, and sealed again with the current key as it is copied.
            PooledBuffer payload;
            try
            {
                payload = _blocks.OpenStored(chunk.Signature, bytes.AsSpan((int)chunk.Offset, chunk.PayloadLength));
            }
            catch (DigestMismatchException e)
            {
                Log.CorruptChunk(_logger, chunk.Signature, candidate.Pack.Id, e.Message);
                continue;
            }

            using (payload)
            {
                try
                {
                    if (BlockDelta.IsDelta(payload.Span))
                    {
                        await CopyDeltaAsync(chunk.Signature, payload.Memory, deltas.GetValueOrDefault(chunk.Signature), cancellationToken);
                        done.Add(chunk.Signature);
                        continue;
                    }

                    BlockPayload.Verify(payload.Span, chunk.Signature, chunk.RawLength);
                }
                catch (DigestMismatchException e)
                {
                    Log.CorruptChunk(_logger, chunk.Signature, candidate.Pack.Id, e.Message);
                    continue;
                }

                await AddAsync(chunk.Signature, payload.Memory, cancellationToken);
            }
            done.Add(chunk.Signature);
        }

        return done;
    }

    // A block stored as a delta, verified by decoding it against its bases: copied as the delta while its bases stay
    // (they are live: MarkBases), else as its full payload (a pack no segment listed, whose edges nobody marked).
    // `listed`: the delta as its pack's segment lists it (null for a pack no segment lists).
    private async Task CopyDeltaAsync(string signature, ReadOnlyMemory<byte> delta, StoredDelta? listed, CancellationToken cancellationToken)
    {
        using var raw = await _blocks.DecodeDeltaAsync(signature, delta, cancellationToken);
        if (listed is not null && listed.Bases.All(b => IsLive(Sha256Key.Parse(b))))
        {
            await AddAsync(signature, delta, cancellationToken, listed);
            return;
        }

        using var full = BlockPayload.Encode(raw.Memory.Span, PackVerifier.FullPayloadLevel);
        await AddAsync(signature, full.Memory, cancellationToken);
    }

    private async Task AddAsync(string signature, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken, StoredDelta? delta = null)
    {
        _builder ??= new PackBuilder(_blocks.SpoolDirectory);
        _blocks.AddToPack(_builder, signature, payload.Span, delta);
        _written.Add(Sha256Key.Parse(signature));
        if (_builder.IsFull)
        {
            await FlushAsync(cancellationToken);
        }
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_builder is not { Count: > 0 } builder)
        {
            return;
        }

        using var pack = builder.Build();
        await _blocks.StorePackAsync(pack, pushId: null, cancellationToken);
        Packs.WrittenBytes += pack.Length;
        _newPacks.Add(new SegmentPack(pack.Id, pack.Length, pack.Chunks, pack.Deltas));
    }

    // Blocks stored one object each, before packs, that something still references: packed, then their objects deleted.
    private async Task MigrateLooseAsync(IReadOnlyList<(BlobInfo Blob, string Signature)> looseLive, CancellationToken cancellationToken)
    {
        if (_dryRun || _reclaimOnly || looseLive.Count == 0)
        {
            return;
        }

        var migrated = new List<BlobInfo>();
        foreach (var (blob, signature) in looseLive)
        {
            var key = Sha256Key.Parse(signature);
            if (!_keptChunks.Contains(key) && !_written.Contains(key))
            {
                using var payload = await _blocks.ReadPayloadAsync(signature, cancellationToken);
                if (payload is null)
                {
                    continue;
                }

                await AddAsync(signature, payload.Memory, cancellationToken);
                Packs.ReadBytes += blob.Size;
            }

            migrated.Add(blob);
        }

        await FlushAsync(cancellationToken);
        foreach (var blob in migrated)
        {
            await _blobs.DeleteAsync(blob.Key, CancellationToken.None);
        }

        Log.Migrated(_logger, migrated.Count);
    }

    // Many small segments (one per upload) become one: hubs starting later read one object, not thousands.
    private async Task MergeSegmentsAsync(PackInventory inventory, CancellationToken cancellationToken)
    {
        if (_dryRun || _reclaimOnly || (inventory.Segments.Count <= MergeSegmentsAbove && _gone.Count == 0))
        {
            return;
        }

        // A segment that is still a push's claim stays as it is, until the push is released or its claim lapses.
        var mergeable = inventory.Segments.Where(s => s.Segment.PushId is null || s.Written <= _claimsLapseBefore || _claims.IsReleased(s.Segment.PushId)).ToList();
        if (mergeable.Count <= 1)
        {
            return;
        }

        var packs = new Dictionary<string, SegmentPack>(StringComparer.Ordinal);
        foreach (var pack in mergeable.SelectMany(s => s.Segment.Packs).Concat(_newPacks))
        {
            if (!_gone.Contains(pack.Id) && !inventory.Tombstones.Contains(pack.Id))
            {
                packs.TryAdd(pack.Id, pack);
            }
        }

        var recentTombstones = mergeable.Where(s => s.Written > _start - TombstoneRetention).SelectMany(s => s.Segment.Tombstones);

        // A quarantine lasts as long as its pack: once the pack is gone, so is the corrupt copy.
        var quarantined = mergeable.SelectMany(s => s.Segment.Quarantined).Where(q => packs.ContainsKey(q.PackId)).Distinct().ToList();
        var merged = new IndexSegment(null, packs.Values.ToList(), recentTombstones.Concat(_gone).Distinct(StringComparer.Ordinal).ToList(), quarantined);
        var key = await _blocks.WriteSegmentAsync(merged, cancellationToken);
        foreach (var segment in mergeable)
        {
            await _blobs.DeleteAsync(segment.Key, CancellationToken.None);
        }

        Packs.SegmentsMerged = mergeable.Count;
        Log.Merged(_logger, mergeable.Count, key);
    }

    /// <summary>Deletes the spool file of a pack left half-built by a collection that failed.</summary>
    public void Dispose() => _builder?.Dispose();

    private async Task ReadClaimsAsync(CancellationToken cancellationToken)
    {
        await _claims.RefreshAsync(cancellationToken);
        foreach (var digest in _claims.TakeNewManifests())
        {
            await _manifests.MarkAsync(digest, null, cancellationToken);
        }

        MarkBases();
    }

    private async Task<byte[]?> ReadWholeAsync(BlobInfo blob, CancellationToken cancellationToken)
    {
        return await _blobs.ReadAllBytesAsync(blob.Key, cancellationToken);
    }

    // The chunks of a pack no segment lists, from its own trailer; null when it has none that reads.
    private async Task<SegmentPack?> ReadTrailerAsync(BlobInfo blob, string id, CancellationToken cancellationToken)
    {
        try
        {
            if (blob.Size < PackFormat.HeaderSize + PackFormat.FooterSize)
            {
                return null;
            }

            var footer = new byte[PackFormat.FooterSize];
            await using (var content = await _blobs.OpenReadAsync(blob.Key, blob.Size - PackFormat.FooterSize, PackFormat.FooterSize, cancellationToken))
            {
                if (content is null)
                {
                    return null;
                }

                await content.Stream.ReadExactlyAsync(footer, cancellationToken);
            }

            var count = PackFormat.ReadFooter(footer);
            var trailerLength = (long)count * PackFormat.TrailerEntrySize;
            if (count is < 1 or > PackFormat.MaxChunks || trailerLength > blob.Size - PackFormat.FooterSize - PackFormat.HeaderSize)
            {
                return null;
            }

            var trailer = ArrayPool<byte>.Shared.Rent((int)trailerLength);
            try
            {
                await using var content = await _blobs.OpenReadAsync(blob.Key, blob.Size - PackFormat.FooterSize - trailerLength, trailerLength, cancellationToken);
                if (content is null)
                {
                    return null;
                }

                await content.Stream.ReadExactlyAsync(trailer.AsMemory(0, (int)trailerLength), cancellationToken);
                var chunks = Enumerable.Range(0, count).Select(i => PackFormat.ReadTrailerEntry(trailer.AsSpan(i * PackFormat.TrailerEntrySize, PackFormat.TrailerEntrySize))).ToList();
                return chunks.All(c => c.Offset + c.PayloadLength <= blob.Size) ? new SegmentPack(id, blob.Size, chunks) : null;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(trailer);
            }
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Block {Signature} in pack {Pack} is corrupt and was not copied: {Reason}")]
        public static partial void CorruptChunk(ILogger logger, string signature, string pack, string reason);

        [LoggerMessage(2, LogLevel.Information, "Packed {Count} loose blocks from before packs")]
        public static partial void Migrated(ILogger logger, int count);

        [LoggerMessage(4, LogLevel.Debug, "Packs: {Examined} examined in {Segments} index segments; {Candidates} to rewrite or delete")]
        public static partial void Planned(ILogger logger, long examined, int segments, int candidates);

        [LoggerMessage(3, LogLevel.Information, "Merged {Count} index segments into {Key}")]
        public static partial void Merged(ILogger logger, int count, string key);
    }
}
