using AetherFS.Core.Manifests;

namespace AetherFS.Core.Blocks;

/// <summary>
/// A small in-memory cache of raw blocks in front of the disk cache, within a byte budget (least recently used
/// out): a block repeated within a version, or shared by subscriptions syncing together, is decoded once. Blocks
/// enter verified (from the disk cache, local files or the hub) into arrays only this cache holds and nobody writes,
/// so a hit is lent as it is: no copy, no second hash.
/// </summary>
public sealed class MemoryBlockCache
{
    private readonly long _budgetBytes;
    private readonly LinkedList<(string Signature, byte[] Bytes)> _recent = new();
    private readonly Dictionary<string, LinkedListNode<(string Signature, byte[] Bytes)>> _bySignature = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private long _usedBytes;

    public MemoryBlockCache(long budgetBytes) => _budgetBytes = budgetBytes;

    public long UsedBytes
    {
        get
        {
            lock (_lock)
            {
                return _usedBytes;
            }
        }
    }

    /// <summary>The block, lent without a copy, or null (also when its size is not the one expected).</summary>
    public PooledBlock? TryRead(BlockRef block) => TryRead(block.Signature, block.Size);

    /// <summary>The block, lent without a copy, or null.</summary>
    public PooledBlock? TryRead(string signature, int? size = null)
    {
        lock (_lock)
        {
            if (!_bySignature.TryGetValue(signature, out var node) || (size is { } expected && node.Value.Bytes.Length != expected))
            {
                return null;
            }

            _recent.Remove(node);
            _recent.AddFirst(node);
            return PooledBlock.Share(node.Value.Bytes, signature);
        }
    }

    /// <summary>Whether the block is kept (without touching its recency).</summary>
    public bool Contains(string signature)
    {
        lock (_lock)
        {
            return _bySignature.ContainsKey(signature);
        }
    }

    /// <summary>Forgets every block.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _recent.Clear();
            _bySignature.Clear();
            _usedBytes = 0;
        }
    }

    /// <summary>Keeps a copy of a block its caller has verified; blocks larger than a quarter of the budget are not kept.</summary>
    public void Put(string signature, ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > _budgetBytes / 4)
        {
            return;
        }

        var copy = bytes.ToArray();
        lock (_lock)
        {
            if (_bySignature.ContainsKey(signature))
            {
                return;
            }

            _bySignature[signature] = _recent.AddFirst((signature, copy));
            _usedBytes += copy.Length;
            while (_usedBytes > _budgetBytes && _recent.Last is { } oldest)
            {
                _recent.RemoveLast();
                _bySignature.Remove(oldest.Value.Signature);
                _usedBytes -= oldest.Value.Bytes.Length;
            }
        }
    }
}
