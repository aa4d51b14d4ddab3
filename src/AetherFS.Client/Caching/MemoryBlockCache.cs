using AetherFS.Core.Blocks;
using AetherFS.Core.Manifests;

namespace AetherFS.Client.Caching;

/// <summary>
/// A small in-memory cache of raw blocks in front of the disk cache, within a byte budget (least recently used
/// out): a block repeated within a version, or shared by subscriptions syncing together, is decoded once. Each
/// hit is verified against its signature before use, like every other cached block.
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

    /// <summary>A verified copy of the block, or null.</summary>
    public PooledBlock? TryRead(BlockRef block)
    {
        byte[] bytes;
        lock (_lock)
        {
            if (!_bySignature.TryGetValue(block.Signature, out var node))
            {
                return null;
            }

            _recent.Remove(node);
            _recent.AddFirst(node);
            bytes = node.Value.Bytes;
        }

        if (bytes.Length != block.Size || BlockSignature.Compute(bytes) != block.Signature)
        {
            Remove(block.Signature);
            return null;
        }

        return PooledBlock.Copy(bytes);
    }

    /// <summary>Keeps a copy of a verified block; blocks larger than a quarter of the budget are not kept.</summary>
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

    private void Remove(string signature)
    {
        lock (_lock)
        {
            if (_bySignature.Remove(signature, out var node))
            {
                _recent.Remove(node);
                _usedBytes -= node.Value.Bytes.Length;
            }
        }
    }
}
