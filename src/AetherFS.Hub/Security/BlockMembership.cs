using AetherFS.Hub.Datasets;
using AetherFS.Hub.Publishing;
using AetherFS.Storage.Datasets;

namespace AetherFS.Hub.Security;

/// <summary>
/// Which tagged manifests and blocks each dataset holds, in memory, so a block or a manifest by digest is served only
/// to a caller who may read a dataset that uses it. Built from the tags in the store and rebuilt after a tag changes
/// on this hub, or when a lookup misses (a tag moved through another hub), at most once per <see cref="MinRebuildInterval"/>.
/// </summary>
internal sealed class BlockMembership : IDisposable
{
    public static readonly TimeSpan MinRebuildInterval = TimeSpan.FromSeconds(1);

    private readonly DatasetStore _datasets;
    private readonly ManifestCache _manifests;
    private readonly TagChangeSignal _changes;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _rebuild = new(1, 1);
    private Snapshot? _snapshot;

    public BlockMembership(DatasetStore datasets, ManifestCache manifests, TagChangeSignal changes, TimeProvider time)
    {
        _datasets = datasets;
        _manifests = manifests;
        _changes = changes;
        _time = time;
    }

    public void Dispose() => _rebuild.Dispose();

    /// <summary>Whether some dataset the predicate accepts holds the block (or manifest, when <paramref name="manifest"/>).</summary>
    public async Task<bool> AnyAsync(string key, bool manifest, Func<string, bool> readable, CancellationToken cancellationToken)
    {
        var snapshot = await CurrentAsync(forceIfOlderThanMinimum: false, cancellationToken);
        if (snapshot.Holds(key, manifest, readable))
        {
            return true;
        }

        // A miss may be a tag this hub has not seen yet (pushed through another hub): look once more, at a bounded rate.
        var fresh = await CurrentAsync(forceIfOlderThanMinimum: true, cancellationToken);
        return !ReferenceEquals(fresh, snapshot) && fresh.Holds(key, manifest, readable);
    }

    private async Task<Snapshot> CurrentAsync(bool forceIfOlderThanMinimum, CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref _snapshot);
        if (current is not null && current.Generation == _changes.Generation
            && (!forceIfOlderThanMinimum || _time.GetUtcNow() - current.BuiltAt < MinRebuildInterval))
        {
            return current;
        }

        await _rebuild.WaitAsync(cancellationToken);
        try
        {
            current = Volatile.Read(ref _snapshot);
            if (current is not null && current.Generation == _changes.Generation && _time.GetUtcNow() - current.BuiltAt < MinRebuildInterval)
            {
                return current;
            }

            var built = await BuildAsync(cancellationToken);
            Volatile.Write(ref _snapshot, built);
            return built;
        }
        finally
        {
            _rebuild.Release();
        }
    }

    private async Task<Snapshot> BuildAsync(CancellationToken cancellationToken)
    {
        var generation = _changes.Generation;
        var builtAt = _time.GetUtcNow();
        var manifests = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var blocks = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        string? after = null;
        while (true)
        {
            var names = await _datasets.ListDatasetsAsync(after, 1000, cancellationToken);
            foreach (var name in names)
            {
                var digests = new HashSet<string>(StringComparer.Ordinal);
                var signatures = new HashSet<string>(StringComparer.Ordinal);
                await foreach (var (_, record) in _datasets.ListTagsAsync(name, cancellationToken))
                {
                    if (digests.Add(record.Digest) && await _manifests.GetAsync(record.Digest, cancellationToken) is { } index)
                    {
                        signatures.UnionWith(index.Manifest.Blocks.Select(b => b.Signature));
                    }
                }

                manifests[name] = digests;
                blocks[name] = signatures;
            }

            if (names.Count < 1000)
            {
                break;
            }

            after = names[^1];
        }

        return new Snapshot(generation, builtAt, manifests, blocks);
    }

    private sealed record Snapshot(long Generation, DateTimeOffset BuiltAt, Dictionary<string, HashSet<string>> Manifests, Dictionary<string, HashSet<string>> Blocks)
    {
        public bool Holds(string key, bool manifest, Func<string, bool> readable)
        {
            foreach (var (name, keys) in manifest ? Manifests : Blocks)
            {
                if (keys.Contains(key) && readable(name))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
