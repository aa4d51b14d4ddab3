using AetherFS.Core.Blocks;
using AetherFS.Storage.Blobs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AetherFS.Storage.Packs;

/// <summary>
/// A hub's knowledge of where chunks live, learnt from the store's immutable index segments and nothing else: all
/// of them at first use, then only the new ones (listed after the last seen, less <see cref="ListingMargin"/>).
/// A segment holding tombstones (garbage collection deleting packs) makes the next refresh a full reload, as does
/// a refresh after <see cref="FullReloadAfter"/> without one, so no hub keeps believing in a deleted pack for long
/// (docs/architecture.md, "Storage layout"). Thread-safe.
/// </summary>
public sealed partial class PackCatalog : IDisposable
{
    /// <summary>Segments stamped this much before the last refresh are listed again: hub clocks and slow writers.</summary>
    public static readonly TimeSpan ListingMargin = TimeSpan.FromMinutes(5);

    /// <summary>Garbage collection keeps tombstones at least twice this long, so a hub never misses one.</summary>
    public static readonly TimeSpan FullReloadAfter = TimeSpan.FromMinutes(30);

    private readonly IBlobStore _blobs;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _refreshGate = new(1, 1);
    private ChunkIndex _index = new();
    private HashSet<string> _seen = new(StringComparer.Ordinal);
    private long _refreshes; // refreshes started
    private DateTimeOffset _lastRefresh = DateTimeOffset.MinValue;
    private DateTimeOffset _lastFullLoad = DateTimeOffset.MinValue;
    private volatile bool _reloadNeeded = true;

    public PackCatalog(IBlobStore blobs, TimeProvider? time = null, ILogger<PackCatalog>? logger = null)
    {
        _blobs = blobs;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger<PackCatalog>.Instance;
    }

    /// <summary>Whether the store still holds blocks from before packs (<c>blocks/</c>), as seen at the last full load.</summary>
    public bool HasLooseBlocks { get; private set; }

    public int ChunkCount
    {
        get
        {
            lock (_lock)
            {
                return _index.ChunkCount;
            }
        }
    }

    /// <summary>Where a chunk lives, as far as this hub knows; loads the segments on first use.</summary>
    public async ValueTask<(string PackId, ChunkLocation Location)?> LocateAsync(string signature, CancellationToken cancellationToken)
    {
        if (_reloadNeeded)
        {
            await RefreshAsync(cancellationToken);
        }

        return Locate(Sha256Key.Parse(signature));
    }

    public (string PackId, ChunkLocation Location)? Locate(Sha256Key signature)
    {
        lock (_lock)
        {
            return _index.TryGet(signature, out var location, out var packId) ? (packId, location) : null;
        }
    }

    /// <summary>The delta a chunk is stored as (its bases), as far as this hub knows; null when it is stored full or unknown.</summary>
    public Core.Packs.StoredDelta? DeltaOf(Sha256Key signature)
    {
        lock (_lock)
        {
            return _index.DeltaOf(signature);
        }
    }

    /// <summary>Whether every copy of a chunk this hub knows is quarantined as corrupt (reads fail; "missing" to writers).</summary>
    public bool IsQuarantined(Sha256Key signature)
    {
        lock (_lock)
        {
            return _index.IsQuarantined(signature);
        }
    }

    /// <summary>Adds a segment this hub has just stored: its packs are readable at once, without a listing.</summary>
    public void Record(string key, IndexSegment segment)
    {
        lock (_lock)
        {
            _seen.Add(key);
            foreach (var chunk in segment.Quarantined)
            {
                _index.Quarantine(chunk);
            }

            foreach (var pack in segment.Packs)
            {
                _index.Add(pack);
            }

            // A reload finds any other copy of a quarantined chunk that the one just dropped had hidden.
            if (segment.Tombstones.Count > 0 || segment.Quarantined.Count > 0)
            {
                _reloadNeeded = true;
            }
        }
    }

    /// <summary>Marks the catalog stale: the next lookup reloads every segment (a pack it named was not there).</summary>
    public void Invalidate() => _reloadNeeded = true;

    /// <summary>
    /// Reads the segments written since the last refresh (or all, when a reload is due). Callers that arrive while
    /// one runs wait for it and then run their own, so a refresh always starts after its caller asked: a claim
    /// written before asking is then ordered before the listing (the "write first, read second" rule).
    /// </summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var ticket = Interlocked.Read(ref _refreshes);
        await _refreshGate.WaitAsync(cancellationToken);
        try
        {
            // One that started after this caller asked has finished meanwhile (the gate): it listed after the
            // caller's claim, so it serves this caller too.
            if (Interlocked.Read(ref _refreshes) > ticket && !_reloadNeeded)
            {
                return;
            }

            Interlocked.Increment(ref _refreshes);
            var started = _time.GetUtcNow();
            if (_reloadNeeded || started - _lastFullLoad > FullReloadAfter)
            {
                await ReloadAsync(started, cancellationToken);
            }
            else if (await ReadNewAsync(_lastRefresh - ListingMargin, cancellationToken))
            {
                await ReloadAsync(started, cancellationToken);
            }

            _lastRefresh = started;
        }
        finally
        {
            _refreshGate.Release();
        }
    }

    // New segments since `from`, applied; true when one holds tombstones or quarantined chunks (the caller reloads).
    private async Task<bool> ReadNewAsync(DateTimeOffset from, CancellationToken cancellationToken)
    {
        var tombstones = false;
        await foreach (var blob in _blobs.ListAfterAsync(PackKeys.SegmentPrefix, PackKeys.SegmentsFrom(from), cancellationToken))
        {
            bool known;
            lock (_lock)
            {
                known = _seen.Contains(blob.Key);
            }

            if (known || !PackKeys.IsSegment(blob.Key) || (await ReadSegmentAsync(blob.Key, cancellationToken)).Segment is not { } segment)
            {
                continue;
            }

            if (segment.Tombstones.Count > 0 || segment.Quarantined.Count > 0)
            {
                tombstones = true;
                continue;
            }

            Record(blob.Key, segment);
        }

        return tombstones;
    }

    // A segment listed and then gone was merged into one written meanwhile, which a second listing sees.
    private async Task ReloadAsync(DateTimeOffset started, CancellationToken cancellationToken)
    {
        for (var attempt = 1; !await TryReloadAsync(started, cancellationToken) && attempt < 3; attempt++)
        {
        }
    }

    private async Task<bool> TryReloadAsync(DateTimeOffset started, CancellationToken cancellationToken)
    {
        var vanished = false;
        var index = new ChunkIndex();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var packs = new List<SegmentPack>();
        await foreach (var blob in _blobs.ListAsync(PackKeys.SegmentPrefix, cancellationToken))
        {
            if (!PackKeys.IsSegment(blob.Key))
            {
                continue;
            }

            var (segment, gone) = await ReadSegmentAsync(blob.Key, cancellationToken);
            vanished |= gone;
            if (segment is not null)
            {
                seen.Add(blob.Key);
                foreach (var tombstone in segment.Tombstones)
                {
                    index.Tombstone(tombstone);
                }

                foreach (var chunk in segment.Quarantined)
                {
                    index.Quarantine(chunk);
                }

                packs.AddRange(segment.Packs);
            }
        }

        // Tombstones and quarantines apply whatever the listing order: all of them first, then the packs.
        foreach (var pack in packs)
        {
            index.Add(pack);
        }

        var loose = false;
        await foreach (var _ in _blobs.ListAsync(PackKeys.LoosePrefix, cancellationToken))
        {
            loose = true;
            break;
        }

        lock (_lock)
        {
            _index = index;
            _seen = seen;
            HasLooseBlocks = loose;
            _reloadNeeded = false;
            _lastFullLoad = started;
        }

        Log.Loaded(_logger, seen.Count, index.PackCount, index.ChunkCount);
        return !vanished;
    }

    public void Dispose() => _refreshGate.Dispose();

    // The segment; Gone when it was deleted since it was listed (merged into another by a collection).
    private async Task<(IndexSegment? Segment, bool Gone)> ReadSegmentAsync(string key, CancellationToken cancellationToken)
    {
        var bytes = await _blobs.ReadAllBytesAsync(key, cancellationToken);
        if (bytes is null)
        {
            return (null, true);
        }

        try
        {
            return (IndexSegment.Decode(bytes), false);
        }
        catch (InvalidDataException e)
        {
            // Garbage collection rebuilds a lost segment from its pack's trailer; until then its chunks are missing.
            Log.BadSegment(_logger, key, e.Message);
            return (null, false);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Loaded {Segments} index segments: {Packs} packs, {Chunks} chunks")]
        public static partial void Loaded(ILogger logger, int segments, int packs, int chunks);

        [LoggerMessage(2, LogLevel.Warning, "Index segment {Key} does not read, skipped: {Reason}")]
        public static partial void BadSegment(ILogger logger, string key, string reason);
    }
}
