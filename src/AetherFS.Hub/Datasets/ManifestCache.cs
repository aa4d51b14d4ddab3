using AetherFS.Serving.Versions;
using AetherFS.Core.Manifests;
using AetherFS.Storage.Datasets;

namespace AetherFS.Hub.Datasets;

/// <summary>
/// Parsed manifests by digest, least recently used first out, within a byte budget. Manifests are immutable,
/// so an entry never goes stale; parsing a large one takes tens of milliseconds, which browsing would repeat
/// on every request without it.
/// </summary>
internal sealed class ManifestCache
{
    private const long Budget = 256L * 1024 * 1024;
    private readonly DatasetStore _datasets;
    private readonly LinkedList<ManifestIndex> _recent = new();
    private readonly Dictionary<string, LinkedListNode<ManifestIndex>> _byDigest = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private long _size;

    public ManifestCache(DatasetStore datasets) => _datasets = datasets;

    /// <summary>The manifest with this digest, verified when read from the store; null when absent.</summary>
    public async Task<ManifestIndex?> GetAsync(string digest, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_byDigest.TryGetValue(digest, out var node))
            {
                _recent.Remove(node);
                _recent.AddFirst(node);
                return node.Value;
            }
        }

        var bytes = await _datasets.GetManifestAsync(digest, cancellationToken);
        if (bytes is null)
        {
            return null;
        }

        var index = new ManifestIndex(digest, ManifestSerializer.Parse(bytes));
        lock (_lock)
        {
            if (!_byDigest.ContainsKey(digest))
            {
                _byDigest[digest] = _recent.AddFirst(index);
                _size += index.EstimatedSize;
                while (_size > Budget && _recent.Count > 1)
                {
                    var oldest = _recent.Last!;
                    _recent.RemoveLast();
                    _byDigest.Remove(oldest.Value.Digest);
                    _size -= oldest.Value.EstimatedSize;
                }
            }
        }

        return index;
    }
}
