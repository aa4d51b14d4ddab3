using AetherFS.Core.Blocks;
using AetherFS.Core.Manifests;

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
    private const string BlocksDirectory = "blocks";
    private const string TempDirectory = ".tmp";
    private readonly string _root;
    private readonly Lock _lock = new();

    // Most recently used first; the dictionary finds an entry's node, so a touch or a removal costs O(1).
    private readonly LinkedList<CacheEntry> _recency = new();
    private Dictionary<string, LinkedListNode<CacheEntry>>? _entries;
    private HashSet<string> _pinned = new(StringComparer.Ordinal);
    private long _usedBytes;

    /// <param name="budgetBytes">The most bytes the cache keeps; pinned blocks may hold it above that.</param>
    public DiskBlockCache(string root, long budgetBytes)
    {
        _root = root;
        BudgetBytes = budgetBytes;
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
            using var payload = await ReadPayloadAsync(PathOf(block.Signature), cancellationToken);
            var decoded = BlockPayload.Decode(payload.Span, block.Signature, block.Size);
            Touch(block.Signature);
            return decoded;
        }
        catch (Exception e) when (e is DigestMismatchException or FileNotFoundException or DirectoryNotFoundException)
        {
            // Damaged or gone: dropped here, fetched again by the caller.
        }

        Remove(block.Signature);
        return null;
    }

    /// <summary>Keeps a payload its caller has just decoded and verified, then evicts to stay within budget.</summary>
    /// <remarks>Written to a temp file, then renamed into place, so a reader never sees half a payload. No fsync:
    /// every read verifies, and a block lost to a crash is fetched again.</remarks>
    public async Task PutAsync(string signature, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (Contains(signature))
        {
            Touch(signature);
            return;
        }

        var path = PathOf(signature);
        var temp = Path.Join(_root, TempDirectory, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.GetDirectoryName(temp)!);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, useAsync: true))
        {
            await file.WriteAsync(payload, cancellationToken);
        }

        File.Move(temp, path, overwrite: true);
        List<string> victims;
        lock (_lock)
        {
            if (!_entries!.ContainsKey(signature))
            {
                _entries[signature] = _recency.AddFirst(new CacheEntry(signature, payload.Length));
                _usedBytes += payload.Length;
            }

            victims = ChooseVictims();
        }

        foreach (var victim in victims)
        {
            File.Delete(PathOf(victim));
        }
    }

    // Least recently used unpinned blocks, removed from the index now (so no other put chooses them again). A pinned
    // block passed over moves to the front, so later evictions do not walk past it again.
    private List<string> ChooseVictims()
    {
        var victims = new List<string>();
        var passedOver = 0;
        while (_usedBytes > BudgetBytes && _recency.Last is { } oldest && passedOver < _recency.Count)
        {
            _recency.RemoveLast();
            if (_pinned.Contains(oldest.Value.Signature))
            {
                _recency.AddFirst(oldest);
                passedOver++;
                continue;
            }

            _entries!.Remove(oldest.Value.Signature);
            _usedBytes -= oldest.Value.Size;
            victims.Add(oldest.Value.Signature);
        }

        return victims;
    }

    private void Remove(string signature)
    {
        lock (_lock)
        {
            if (_entries!.Remove(signature, out var node))
            {
                _recency.Remove(node);
                _usedBytes -= node.Value.Size;
            }
        }

        File.Delete(PathOf(signature));
    }

    private void Touch(string signature)
    {
        lock (_lock)
        {
            if (_entries!.TryGetValue(signature, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
            }
        }
    }

    private static async Task<PooledBuffer> ReadPayloadAsync(string path, CancellationToken cancellationToken)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous);
        var length = RandomAccess.GetLength(handle);
        if (length > BlockPayload.HeaderSize + Zstd.CompressBound(ChunkingParameters.MaxBlockSize))
        {
            throw DigestMismatchException.Undecodable(Path.GetFileName(path), $"a cached payload of {length} bytes is larger than any block");
        }

        var payload = new PooledBuffer((int)length);
        try
        {
            payload.Length = await RandomAccess.ReadAsync(handle, payload.Array.AsMemory(0, (int)length), 0, cancellationToken);
            return payload;
        }
        catch
        {
            payload.Dispose();
            throw;
        }
    }

    private string PathOf(string signature) => Path.Join(_root, BlocksDirectory, signature[..2], signature[2..]);

    // The index is built from the files on first use, oldest first by modification time, so the order of use
    // carries over (approximately) from one process to the next.
    private void EnsureLoaded()
    {
        if (_entries is not null)
        {
            return;
        }

        var entries = new Dictionary<string, LinkedListNode<CacheEntry>>(StringComparer.Ordinal);
        var directory = new DirectoryInfo(Path.Join(_root, BlocksDirectory));
        if (directory.Exists)
        {
            var files = directory.EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 1 })
                .Where(f => f.Directory!.Name.Length == 2 && f.Name.Length == 62 && !f.Name.Contains('.', StringComparison.Ordinal))
                .OrderBy(f => f.LastWriteTimeUtc);
            foreach (var file in files)
            {
                var signature = file.Directory!.Name + file.Name;
                entries[signature] = _recency.AddFirst(new CacheEntry(signature, file.Length));
                _usedBytes += file.Length;
            }
        }

        _entries = entries;
    }

    private sealed record CacheEntry(string Signature, long Size);
}
