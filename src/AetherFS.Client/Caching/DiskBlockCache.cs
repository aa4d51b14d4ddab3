using AetherFS.Core.Blocks;
using AetherFS.Core.Manifests;
using AetherFS.Storage.Blobs;
using AetherFS.Storage.Blocks;

namespace AetherFS.Client.Caching;

/// <summary>
/// Blocks kept on local disk as the hub sent them (compressed payloads, <c>blocks/xx/yyyy</c> under the cache
/// directory), within a byte budget: when a put takes the cache over budget, the least recently used blocks
/// that are not pinned go first. Pinned blocks (those of versions an agent keeps synced) are never evicted.
/// Every read decodes and verifies the block; a damaged entry is dropped and reported as a miss. Shared by the
/// pull command and the agent; safe for concurrent use within one process.
/// </summary>
public sealed class DiskBlockCache
{
    private readonly string _root;
    private readonly BlockStore _store;
    private readonly IBlobStore _blobs;
    private readonly Lock _lock = new();
    private Dictionary<string, CacheEntry>? _entries;
    private HashSet<string> _pinned = new(StringComparer.Ordinal);
    private long _usedBytes;
    private long _clock;

    /// <param name="budgetBytes">The most bytes the cache keeps; pinned blocks may hold it above that.</param>
    public DiskBlockCache(string root, long budgetBytes)
    {
        _root = root;
        BudgetBytes = budgetBytes;
        // Verified on every read, so the cache need not pay for an fsync on every write.
        _blobs = new LocalBlobStore(new LocalBlobStoreOptions { RootPath = root, Fsync = false });
        _store = new BlockStore(_blobs);
    }

    public long BudgetBytes { get; }

    public long UsedBytes
    {
        get
        {
            lock (_lock)
            {
                EnsureLoaded();
                return _usedBytes;
            }
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
            return _entries!.ContainsKey(signature);
        }
    }

    /// <summary>The block, decoded and verified; null when absent or damaged (a damaged entry is removed).</summary>
    public async Task<PooledBlock?> TryReadAsync(BlockRef block, CancellationToken cancellationToken)
    {
        if (!Contains(block.Signature))
        {
            return null;
        }

        try
        {
            var cached = await _store.ReadAsync(block.Signature, cancellationToken);
            if (cached is not null && cached.Length == block.Size)
            {
                Touch(block.Signature);
                return cached;
            }

            cached?.Dispose();
        }
        catch (DigestMismatchException)
        {
            // Dropped below, fetched again by the caller.
        }

        await RemoveAsync(block.Signature, cancellationToken);
        return null;
    }

    /// <summary>Keeps a payload its caller has just decoded and verified, then evicts to stay within budget.</summary>
    public async Task PutAsync(string signature, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (Contains(signature))
        {
            Touch(signature);
            return;
        }

        await _store.PutVerifiedAsync(signature, payload, cancellationToken);
        List<string> victims;
        lock (_lock)
        {
            if (_entries!.TryAdd(signature, new CacheEntry(payload.Length, ++_clock)))
            {
                _usedBytes += payload.Length;
            }

            victims = ChooseVictims();
        }

        foreach (var victim in victims)
        {
            await _blobs.DeleteAsync(BlockStore.KeyOf(victim), cancellationToken);
        }
    }

    // Least recently used unpinned blocks, removed from the index now (so no other put chooses them again).
    private List<string> ChooseVictims()
    {
        var victims = new List<string>();
        var entries = _entries!;
        if (_usedBytes <= BudgetBytes)
        {
            return victims;
        }

        foreach (var (signature, entry) in entries.Where(e => !_pinned.Contains(e.Key)).OrderBy(e => e.Value.LastUse).ToList())
        {
            if (_usedBytes <= BudgetBytes)
            {
                break;
            }

            entries.Remove(signature);
            _usedBytes -= entry.Size;
            victims.Add(signature);
        }

        return victims;
    }

    private async Task RemoveAsync(string signature, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_entries!.Remove(signature, out var entry))
            {
                _usedBytes -= entry.Size;
            }
        }

        await _blobs.DeleteAsync(BlockStore.KeyOf(signature), cancellationToken);
    }

    private void Touch(string signature)
    {
        lock (_lock)
        {
            if (_entries!.TryGetValue(signature, out var entry))
            {
                _entries[signature] = entry with { LastUse = ++_clock };
            }
        }
    }

    // The index is built from the files on first use, oldest first by modification time, so the order of use
    // carries over (approximately) from one process to the next.
    private void EnsureLoaded()
    {
        if (_entries is not null)
        {
            return;
        }

        var entries = new Dictionary<string, CacheEntry>(StringComparer.Ordinal);
        var directory = new DirectoryInfo(Path.Join(_root, "blocks"));
        if (directory.Exists)
        {
            var files = directory.EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 1 })
                .Where(f => f.Directory!.Name.Length == 2 && f.Name.Length == 62 && !f.Name.Contains('.', StringComparison.Ordinal))
                .OrderBy(f => f.LastWriteTimeUtc);
            foreach (var file in files)
            {
                entries[file.Directory!.Name + file.Name] = new CacheEntry(file.Length, ++_clock);
                _usedBytes += file.Length;
            }
        }

        _entries = entries;
    }

    private readonly record struct CacheEntry(long Size, long LastUse);
}
