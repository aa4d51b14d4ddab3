using AetherFS.Client.Caching;

namespace AetherFS.Agent.Sync;

/// <summary>
/// Keeps the cache from evicting the blocks of versions on disk: the union of what every subscription pins
/// (its current version, the previous one, and the one being assembled).
/// </summary>
public sealed class CachePins
{
    private readonly DiskBlockCache _cache;
    private readonly Dictionary<string, IReadOnlyCollection<string>> _byOwner = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public CachePins(DiskBlockCache cache) => _cache = cache;

    public void Set(string owner, IEnumerable<string> signatures)
    {
        lock (_lock)
        {
            _byOwner[owner] = signatures.ToHashSet(StringComparer.Ordinal);
            _cache.Pin(_byOwner.Values.SelectMany(s => s));
        }
    }
}
