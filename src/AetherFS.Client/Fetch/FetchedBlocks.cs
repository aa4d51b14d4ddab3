using AetherFS.Core.Blocks;

namespace AetherFS.Client.Fetch;

/// <summary>Verified blocks of one run, by signature, until the run is written; disposing returns their buffers.</summary>
public sealed class FetchedBlocks : IDisposable
{
    private readonly Dictionary<string, PooledBlock> _blocks = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public PooledBlock this[string signature]
    {
        get
        {
            lock (_lock)
            {
                return _blocks[signature];
            }
        }
    }

    public bool Contains(string signature)
    {
        lock (_lock)
        {
            return _blocks.ContainsKey(signature);
        }
    }

    public void Add(string signature, PooledBlock block)
    {
        lock (_lock)
        {
            if (!_blocks.TryAdd(signature, block))
            {
                block.Dispose();
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var block in _blocks.Values)
            {
                block.Dispose();
            }

            _blocks.Clear();
        }
    }
}
