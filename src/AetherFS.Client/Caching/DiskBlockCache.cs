using AetherFS.Core.Blocks;
using AetherFS.Core.Manifests;

namespace AetherFS.Client.Caching;

/// <summary>
/// Blocks kept on local disk as the hub sent them (compressed payloads), within a byte budget, in a few large
/// files rather than one per block (a pull of 613 MiB made some 8,000): segments <c>segments/{NNNNNNNN}.log</c>
/// under the cache directory, each a log of records (<see cref="CacheRecordHeader"/>, then the payload as put)
/// appended until it holds <c>segmentBytes</c>. Where each block lies is kept in memory only
/// (<see cref="CacheIndex"/>), rebuilt on first use by reading the record headers of every segment, oldest
/// first, so that the newest copy of a block wins. Shared by the pull command and the agent.
/// <para>
/// Every read decodes and verifies the block; a damaged record is dropped from the index and reported as a miss
/// (its bytes stay until its segment goes). Nothing is fsynced: a record lost or torn by a crash is a miss and is
/// fetched again. A scan stops at a record the file is too short to hold or at a header that is not one; whoever
/// appends to that segment next cuts it off there first.
/// </para>
/// <para>
/// Eviction goes by whole segment, least recently used first. A segment's recency is the last time a block in it
/// was put or read; between processes, the order of the files' modification times (their last append), as with
/// the one-file-per-block layout before. The segment being appended to goes last, sealed first, and only when
/// nothing else can go, so that a budget full of pinned blocks still keeps no new ones. Pinned blocks survive:
/// they are copied into the segment being appended to before their segment is deleted. A segment is evicted only
/// if that frees more bytes than it copies, so eviction never writes more than it frees, and a segment made mostly
/// of pinned blocks stays whole: pinned blocks may hold the cache above budget, as before, and with them the
/// unpinned blocks that share their segments (fewer bytes than the pinned ones). Blocks read recently are not
/// copied: the segment evicted is the one used least recently, so none of its blocks was used after the last use
/// of any other segment.
/// </para>
/// <para>
/// Safe for concurrent use within one process, and by processes sharing the directory (two pulls at once, a pull
/// beside the agent), through the lock each segment has (<see cref="CacheSegment"/>): a process appends only to a
/// segment whose lock it holds (one it created with <see cref="FileMode.CreateNew"/>, or one with room left by a
/// process that is gone), and deletes only a segment whose lock it took. A process learns of the blocks other
/// processes put only when it starts (until then they are misses, fetched and put again: the newest copy wins,
/// the other is dead bytes until its segment goes); a record another process deleted or cut off is a miss.
/// </para>
/// A directory written with one file per block (<c>blocks/xx/yyyy</c>) is moved into segments on first use
/// (<see cref="LegacyBlockFiles"/>).
/// </summary>
public sealed class DiskBlockCache
{
    private const long DefaultSegmentBytes = 64L * 1024 * 1024;
    private const string SegmentsDirectory = "segments";
    private const int SegmentsPerBudget = 8;
    private const int AdoptionCandidates = 2;
    private const int CreationAttempts = 100;

    private readonly string _root;
    private readonly string _directory;
    private readonly long _segmentBytes;
    private readonly Lock _lock = new();
    private readonly CacheIndex _index = new();
    private readonly HashSet<string> _writing = new(StringComparer.Ordinal);
    private HashSet<string> _pinned = new(StringComparer.Ordinal);
    private CacheSegment? _current;
    private CacheSegment? _victim;
    private long _clock;
    private long _highestSequence;
    private bool _loaded;
    private bool _evicting;

    /// <param name="budgetBytes">The most bytes the cache keeps; pinned blocks may hold it above that.</param>
    /// <param name="segmentBytes">
    /// How much a segment holds before the next is started (a larger record gets one to itself). At most an eighth
    /// of the budget: segments go whole, and the one being appended to last, so a budget of one or two segments
    /// could not be kept.
    /// </param>
    public DiskBlockCache(string root, long budgetBytes, long segmentBytes = DefaultSegmentBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(segmentBytes);
        _root = root;
        _directory = Path.Join(root, SegmentsDirectory);
        BudgetBytes = budgetBytes;
        _segmentBytes = Math.Clamp(budgetBytes / SegmentsPerBudget, 1, segmentBytes);
    }

    public long BudgetBytes { get; }

    /// <summary>
    /// The bytes of the segments this instance knows, whole: record headers and payloads, and the records no
    /// longer read (damaged, torn, or older copies) until their segment goes. So the budget bounds the disk used.
    /// </summary>
    public long UsedBytes
    {
        get
        {
            lock (_lock)
            {
                EnsureLoaded();
                return _index.UsedBytes;
            }
        }
    }

    /// <summary>Segment files on disk, whichever process wrote them: for tests and benchmarks.</summary>
    public int SegmentCount
    {
        get
        {
            lock (_lock)
            {
                EnsureLoaded();
            }

            return Directory.Exists(_directory)
                ? Directory.EnumerateFiles(_directory, "*" + CacheSegment.LogExtension).Count(f => CacheSegment.TryParseName(Path.GetFileName(f), CacheSegment.LogExtension, out _))
                : 0;
        }
    }

    /// <summary>Replaces the set of blocks that must stay, e.g. every block of the versions an agent serves.</summary>
    public void Pin(IEnumerable<string> signatures)
    {
        var pinned = signatures.ToHashSet(StringComparer.Ordinal);
        lock (_lock)
        {
            _pinned = pinned;
        }
    }

    public bool Contains(string signature)
    {
        lock (_lock)
        {
            EnsureLoaded();
            return _index.Contains(signature);
        }
    }

    /// <summary>The block, decoded and verified; null when absent or damaged (a damaged record is forgotten).</summary>
    public Task<PooledBlock?> TryReadAsync(BlockRef block, CancellationToken cancellationToken) =>
        TryReadRecordAsync(
            block,
            static (record, block) =>
            {
                using (record)
                {
                    return BlockPayload.Decode(record.Span[CacheRecordHeader.Size..], block.Signature, block.Size);
                }
            },
            cancellationToken);

    /// <summary>
    /// The block's payload as stored (compressed), verified against its signature: what a peer is sent, with no
    /// re-encoding; null when absent or damaged.
    /// </summary>
    public Task<PooledBuffer?> TryReadPayloadAsync(BlockRef block, CancellationToken cancellationToken) =>
        TryReadRecordAsync(
            block,
            static (record, block) =>
            {
                try
                {
                    var length = record.Length - CacheRecordHeader.Size;
                    BlockPayload.Verify(record.Span[CacheRecordHeader.Size..], block.Signature, block.Size);
                    record.Array.AsSpan(CacheRecordHeader.Size, length).CopyTo(record.Array);
                    record.Length = length;
                    return record;
                }
                catch
                {
                    record.Dispose();
                    throw;
                }
            },
            cancellationToken);

    // Reads a block's record and hands it to use (which owns it from then on); null when absent or damaged.
    private async Task<T?> TryReadRecordAsync<T>(BlockRef block, Func<PooledBuffer, BlockRef, T> use, CancellationToken cancellationToken)
        where T : class
    {
        CacheRecord record;
        lock (_lock)
        {
            EnsureLoaded();
            if (!_index.TryGet(block.Signature, out record))
            {
                return null;
            }
        }

        try
        {
            var result = use(await record.Segment.ReadAsync(record.Offset, record.PayloadLength, block.Signature, cancellationToken), block);
            lock (_lock)
            {
                Touch(record.Segment);
            }

            return result;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            // The whole segment is gone: another process sharing the directory evicted it.
            lock (_lock)
            {
                Forget(record.Segment);
            }
        }
        catch (Exception e) when (e is DigestMismatchException or IOException)
        {
            // Damaged or cut short: this record is forgotten, the caller fetches the block again and puts it anew.
            lock (_lock)
            {
                _index.Remove(block.Signature, record);
            }
        }

        return null;
    }

    /// <summary>Keeps a payload its caller has just decoded and verified, then evicts to stay within budget.</summary>
    /// <remarks>
    /// Appended to the current segment at an offset reserved under the lock, so puts run side by side; the block is
    /// indexed (and readable) once written. No fsync: every read verifies, and a block lost to a crash is fetched again.
    /// </remarks>
    public async Task PutAsync(string signature, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var header = CacheRecordHeader.For(signature, payload.Length);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            EnsureLoaded();
            if (_index.TryGet(signature, out var cached))
            {
                Touch(cached.Segment);
                return;
            }

            if (!_writing.Add(signature))
            {
                return; // another task is putting it now
            }
        }

        try
        {
            await AppendAsync(header, payload, replacing: null);
        }
        finally
        {
            lock (_lock)
            {
                _writing.Remove(signature);
            }
        }

        await EvictAsync(cancellationToken);
    }

    /// <summary>
    /// Lets go of the segment this instance appends to, as the end of its process would, so that another may take
    /// it up. For tests; a process need not call it.
    /// </summary>
    internal void Release()
    {
        lock (_lock)
        {
            if (_current is { } current)
            {
                _current = null;
                LetGoIfIdle(current);
            }
        }
    }

    // Writes one record at an offset reserved in the current segment, then indexes it: a put (replacing null), or a
    // pinned block copied out of a segment being evicted, indexed only if the index still points at that copy.
    private async Task AppendAsync(CacheRecordHeader header, ReadOnlyMemory<byte> payload, CacheRecord? replacing)
    {
        var headerBytes = header.ToArray();
        CacheRecord slot;
        lock (_lock)
        {
            slot = Reserve(header);
        }

        var written = false;
        try
        {
            // Not cancellable: a write given up halfway would leave a hole, where every later scan of the segment ends.
            await slot.Segment.WriteAsync(slot.Offset, headerBytes, payload);
            written = true;
        }
        finally
        {
            lock (_lock)
            {
                Complete(header.Signature, slot, written, replacing);
            }
        }
    }

    // The migration's append: synchronous, under the lock.
    private void AppendNow(string signature, byte[] payload)
    {
        if (_index.Contains(signature))
        {
            return;
        }

        var header = CacheRecordHeader.For(signature, payload.Length);
        var slot = Reserve(header);
        var written = false;
        try
        {
            slot.Segment.Write(slot.Offset, header.ToArray(), payload);
            written = true;
        }
        finally
        {
            Complete(signature, slot, written, replacing: null);
        }
    }

    // Under the lock: room for one record at the end of the current segment, starting another when it is full.
    private CacheRecord Reserve(CacheRecordHeader header)
    {
        if (_current is { } full && full.Length > 0 && full.Length + header.RecordLength > _segmentBytes)
        {
            _current = null;
            LetGoIfIdle(full);
        }

        var segment = _current ??= OpenSegment();
        var slot = new CacheRecord(segment, segment.Length, header.PayloadLength);
        segment.Length += header.RecordLength;
        segment.PendingWrites++;
        return slot;
    }

    // Under the lock, once a reserved record is written (or failed to be).
    private void Complete(string signature, CacheRecord slot, bool written, CacheRecord? replacing)
    {
        var segment = slot.Segment;
        segment.PendingWrites--;
        if (!written)
        {
            // The failed write may have left a hole, where every later scan of the segment would end: append elsewhere.
            if (segment == _current)
            {
                _current = null;
            }
        }
        else if (replacing is null)
        {
            _index.Add(signature, slot);
            Touch(segment);
        }
        else if (_index.TryGet(signature, out var live) && live == replacing)
        {
            _index.Add(signature, slot);
        }

        LetGoIfIdle(segment);
    }

    // Under the lock: a segment with room that a process which is gone was appending to (its lock is free), else a new one.
    private CacheSegment OpenSegment()
    {
        var candidates = _index.Segments
            .Where(s => !s.IsClaimed && s.Length < _segmentBytes / 2)
            .OrderByDescending(s => s.Sequence)
            .Take(AdoptionCandidates)
            .ToList();
        foreach (var candidate in candidates)
        {
            if (TryAdopt(candidate))
            {
                Touch(candidate);
                return candidate;
            }
        }

        return CreateSegment();
    }

    // Claims a segment, reads what was appended since it was scanned, cuts off a torn tail and opens it for appending.
    private bool TryAdopt(CacheSegment segment)
    {
        switch (segment.TryClaim())
        {
            case CacheSegmentClaim.Gone:
                Forget(segment);
                return false;
            case CacheSegmentClaim.Busy:
                return false;
        }

        try
        {
            segment.Scan((header, offset) => _index.Add(header.Signature, new CacheRecord(segment, offset, header.PayloadLength)));
            if (segment.ScannedEnd < _segmentBytes / 2)
            {
                segment.OpenForAppend();
                return true;
            }
        }
        catch (IOException)
        {
            Forget(segment);
        }

        segment.Dispose();
        return false;
    }

    private CacheSegment CreateSegment()
    {
        Directory.CreateDirectory(_directory);
        var sequence = Math.Max(_highestSequence, HighestSequenceOnDisk()) + 1;
        for (var attempt = 0; attempt < CreationAttempts; attempt++, sequence++)
        {
            if (CacheSegment.TryCreate(_directory, sequence) is { } segment)
            {
                _highestSequence = sequence;
                _index.AddSegment(segment);
                Touch(segment);
                return segment;
            }
        }

        throw new IOException($"cannot create a cache segment in {_directory}: other processes took every number tried");
    }

    // Lock files count: a number whose log was deleted but whose lock file is still there is not taken again.
    private long HighestSequenceOnDisk() => Directory.EnumerateFiles(_directory)
        .Select(Path.GetFileName)
        .Select(name => CacheSegment.TryParseName(name!, CacheSegment.LogExtension, out var log) ? log
            : CacheSegment.TryParseName(name!, CacheSegment.LockExtension, out var held) ? held : 0)
        .DefaultIfEmpty(0)
        .Max();

    // Evicts whole segments, one eviction at a time (a put that finds one running leaves the work to it), until the
    // cache is within budget or no segment can go.
    private async Task EvictAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_evicting || _index.UsedBytes <= BudgetBytes)
            {
                return;
            }

            _evicting = true;
        }

        var passed = new HashSet<CacheSegment>();
        try
        {
            while (true)
            {
                CacheSegment? victim;
                List<KeyValuePair<string, CacheRecord>> kept;
                lock (_lock)
                {
                    (victim, kept) = _index.UsedBytes > BudgetBytes ? ChooseVictim(passed) : (null, []);
                    _victim = victim;
                    if (victim is null)
                    {
                        _evicting = false;
                        return;
                    }
                }

                await EvictAsync(victim, kept, cancellationToken);
            }
        }
        catch
        {
            lock (_lock)
            {
                _evicting = false;
                _victim = null;
            }

            throw;
        }
    }

    // Under the lock: the least recently used segment worth evicting whose lock could be taken, with the pinned
    // records to copy out of it; last, the segment being appended to, which stops being appended to.
    private (CacheSegment? Victim, List<KeyValuePair<string, CacheRecord>> Kept) ChooseVictim(HashSet<CacheSegment> passed)
    {
        var candidates = _index.Segments
            .Where(s => s != _current && s.PendingWrites == 0 && !passed.Contains(s))
            .OrderBy(s => s.LastTouch)
            .ToList();
        foreach (var segment in candidates)
        {
            passed.Add(segment);
            var kept = Kept(segment);
            if (!FreesMoreThanItCopies(segment, kept))
            {
                continue;
            }

            switch (segment.TryClaim())
            {
                case CacheSegmentClaim.Claimed:
                    return (segment, kept);
                case CacheSegmentClaim.Gone:
                    Forget(segment);
                    break;
            }
        }

        if (_current is { PendingWrites: 0 } current && passed.Add(current) && FreesMoreThanItCopies(current, Kept(current)))
        {
            _current = null;
            return (current, Kept(current));
        }

        return (null, []);
    }

    private List<KeyValuePair<string, CacheRecord>> Kept(CacheSegment segment) =>
        _index.RecordsIn(segment).Where(r => _pinned.Contains(r.Key)).ToList();

    private static bool FreesMoreThanItCopies(CacheSegment segment, List<KeyValuePair<string, CacheRecord>> kept)
    {
        var copied = kept.Sum(r => (long)r.Value.Length);
        return segment.Length - copied > copied;
    }

    // Copies the pinned records out of a claimed segment, then deletes it. On failure the segment stays, unclaimed.
    private async Task EvictAsync(CacheSegment victim, List<KeyValuePair<string, CacheRecord>> kept, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var (signature, record) in kept)
            {
                await CopyForwardAsync(signature, record, cancellationToken);
            }

            var freed = victim.Length;
            victim.Delete();
            Telemetry.ClientMetrics.Evicted(freed);
        }
        finally
        {
            lock (_lock)
            {
                _victim = null;
                victim.Dispose();
                if (!File.Exists(victim.LogPath))
                {
                    Forget(victim);
                }
            }
        }
    }

    private async Task CopyForwardAsync(string signature, CacheRecord record, CancellationToken cancellationToken)
    {
        PooledBuffer bytes;
        try
        {
            bytes = await record.Segment.ReadAsync(record.Offset, record.PayloadLength, signature, cancellationToken);
        }
        catch (Exception e) when (e is DigestMismatchException or IOException)
        {
            return; // damaged: not worth keeping
        }

        using (bytes)
        {
            await AppendAsync(new CacheRecordHeader(signature, record.PayloadLength), bytes.Memory[CacheRecordHeader.Size..], replacing: record);
        }
    }

    // Under the lock: a segment deleted (by another process or by eviction) is no longer counted or read.
    private void Forget(CacheSegment segment)
    {
        _index.RemoveSegment(segment);
        if (segment == _current)
        {
            _current = null;
        }

        LetGoIfIdle(segment);
    }

    // Under the lock: a segment no longer appended to and with no write in flight lets go of its lock, so that
    // another process may take it up or evict it.
    private void LetGoIfIdle(CacheSegment segment)
    {
        if (segment != _current && segment != _victim && segment.PendingWrites == 0)
        {
            segment.Dispose();
        }
    }

    private void Touch(CacheSegment segment) => segment.LastTouch = ++_clock;

    // Under the lock: the index, from every segment's record headers, oldest segment first so that a newer copy of a
    // block wins; then the blocks of the old one-file-per-block layout, if any, moved in.
    private void EnsureLoaded()
    {
        if (_loaded)
        {
            return;
        }

        _loaded = true;
        var directory = new DirectoryInfo(_directory);
        if (directory.Exists)
        {
            var logs = directory.EnumerateFiles("*" + CacheSegment.LogExtension)
                .Select(f => (File: f, Sequence: CacheSegment.TryParseName(f.Name, CacheSegment.LogExtension, out var sequence) ? sequence : -1))
                .Where(l => l.Sequence >= 0)
                .OrderBy(l => l.File.LastWriteTimeUtc)
                .ThenBy(l => l.Sequence)
                .ToList();
            foreach (var (_, sequence) in logs)
            {
                var segment = new CacheSegment(_directory, sequence);
                _index.AddSegment(segment);
                Touch(segment);
                _highestSequence = Math.Max(_highestSequence, sequence);
                try
                {
                    segment.Scan((header, offset) => _index.Add(header.Signature, new CacheRecord(segment, offset, header.PayloadLength)));
                }
                catch (IOException)
                {
                    _index.RemoveSegment(segment); // evicted by another process meanwhile
                }
            }
        }

        LegacyBlockFiles.Migrate(_root, AppendNow);
    }
}
