namespace AetherFS.Hub.Deltas;

/// <summary>
/// Encoded transfer deltas by (block, held version), least recently used out, within a byte budget; an empty entry
/// records that no delta beat the full payload. When many agents follow one dataset they all ask for the same
/// blocks against the same held version at once: the first one's encode serves the others, who wait for it rather
/// than encode the same delta again.
/// </summary>
internal sealed class DeltaCache
{
    /// <summary>What an entry costs beyond its bytes (key strings, list node), so empty entries count too.</summary>
    private const int EntryOverhead = 256;

    private readonly long _budgetBytes;
    private readonly LinkedList<(DeltaKey Key, byte[] Delta)> _recent = new();
    private readonly Dictionary<DeltaKey, LinkedListNode<(DeltaKey Key, byte[] Delta)>> _byKey = [];
    private readonly Dictionary<DeltaKey, Task<byte[]>> _encoding = [];
    private readonly Lock _lock = new();
    private long _usedBytes;

    public DeltaCache(long budgetBytes) => _budgetBytes = budgetBytes;

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

    /// <summary>The delta for <paramref name="key"/>: cached, being encoded by another request, or encoded now.</summary>
    public async Task<byte[]> GetOrEncodeAsync(DeltaKey key, Func<Task<byte[]>> encode, CancellationToken cancellationToken)
    {
        TaskCompletionSource<byte[]> mine;
        Task<byte[]>? theirs;
        lock (_lock)
        {
            if (_byKey.TryGetValue(key, out var node))
            {
                _recent.Remove(node);
                _recent.AddFirst(node);
                return node.Value.Delta;
            }

            if (_encoding.TryGetValue(key, out theirs))
            {
                mine = null!;
            }
            else
            {
                mine = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
                _encoding[key] = mine.Task;
            }
        }

        if (theirs is not null)
        {
            try
            {
                return await theirs.WaitAsync(cancellationToken);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // The request encoding it went away (cancelled) or failed: this one encodes for itself.
                return await encode();
            }
        }

        try
        {
            var delta = await encode();
            Add(key, delta);
            mine.SetResult(delta);
            return delta;
        }
        catch (Exception e)
        {
            lock (_lock)
            {
                _encoding.Remove(key);
            }

            mine.SetException(e);
            _ = mine.Task.Exception; // observed: waiters handle it, nobody else need hear of it
            throw;
        }
    }

    private void Add(DeltaKey key, byte[] delta)
    {
        var cost = delta.Length + EntryOverhead;
        lock (_lock)
        {
            _encoding.Remove(key);
            if (cost > _budgetBytes / 4 || _byKey.ContainsKey(key))
            {
                return;
            }

            _byKey[key] = _recent.AddFirst((key, delta));
            _usedBytes += cost;
            while (_usedBytes > _budgetBytes && _recent.Last is { } oldest)
            {
                _recent.RemoveLast();
                _byKey.Remove(oldest.Value.Key);
                _usedBytes -= oldest.Value.Delta.Length + EntryOverhead;
            }
        }
    }
}
