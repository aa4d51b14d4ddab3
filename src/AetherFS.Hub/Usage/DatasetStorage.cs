using AetherFS.Core.Blocks;
using AetherFS.Hub.Datasets;
using AetherFS.Protocol.Rest;
using AetherFS.Storage.Datasets;

namespace AetherFS.Hub.Usage;

/// <summary>
/// What a dataset's tagged versions hold: bytes unique to each version, bytes shared between them, and what deleting
/// a tag would free. A tag frees the blocks of its version that no other version of the dataset holds and no tag of
/// another dataset names, as garbage collection marks from tags (claimed and young manifests aside, which only delay
/// it). Memory holds one entry per distinct block of this dataset; other datasets' manifests are read one at a time,
/// and only while some candidate block is still unaccounted for.
/// </summary>
internal sealed class DatasetStorage
{
    private readonly DatasetStore _datasets;
    private readonly ManifestCache _manifests;

    public DatasetStorage(DatasetStore datasets, ManifestCache manifests)
    {
        _datasets = datasets;
        _manifests = manifests;
    }

    /// <summary>The dataset's storage and, per version digest, its unique bytes and the bytes freed were it untagged.</summary>
    public async Task<(StorageStats Storage, IReadOnlyDictionary<string, (long Unique, long Freed)> Versions)> MeasureAsync(string name, IReadOnlyCollection<string> digests, CancellationToken cancellationToken)
    {
        var blocks = new Dictionary<Sha256Key, BlockUse>();
        foreach (var digest in digests)
        {
            if (await _manifests.GetAsync(digest, cancellationToken) is not { } version)
            {
                continue;
            }

            foreach (var block in version.Manifest.Blocks)
            {
                var key = Sha256Key.Parse(block.Signature);
                if (!blocks.TryGetValue(key, out var use))
                {
                    blocks[key] = new BlockUse(block.Size, digest);
                }
                else if (use.Owner != digest && use.Owner is not null)
                {
                    use.Owner = null;
                }
            }
        }

        var candidates = blocks.Values.Count(b => b.Owner is not null);
        await MarkHeldElsewhereAsync(name, digests, blocks, candidates, cancellationToken);

        var versions = digests.ToDictionary(d => d, _ => (Unique: 0L, Freed: 0L), StringComparer.Ordinal);
        long total = 0, shared = 0;
        foreach (var use in blocks.Values)
        {
            total += use.Size;
            if (use.Owner is null)
            {
                shared += use.Size;
                continue;
            }

            var (unique, freed) = versions[use.Owner];
            versions[use.Owner] = (unique + use.Size, freed + (use.HeldElsewhere ? 0 : use.Size));
        }

        return (new StorageStats(versions.Count, total, shared, total - shared), versions);
    }

    // Blocks unique to one version here are freed only if no tag of another dataset names a version holding them.
    private async Task MarkHeldElsewhereAsync(string name, IReadOnlyCollection<string> digests, Dictionary<Sha256Key, BlockUse> blocks, int candidates, CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(digests, StringComparer.Ordinal);
        foreach (var other in await _datasets.ListDatasetsAsync(null, int.MaxValue, cancellationToken))
        {
            if (other == name)
            {
                continue;
            }

            await foreach (var (_, record) in _datasets.ListTagsAsync(other, cancellationToken))
            {
                if (candidates == 0)
                {
                    return;
                }

                if (!seen.Add(record.Digest) || await _manifests.GetAsync(record.Digest, cancellationToken) is not { } version)
                {
                    continue;
                }

                foreach (var block in version.Manifest.Blocks)
                {
                    if (blocks.TryGetValue(Sha256Key.Parse(block.Signature), out var use) && use.Owner is not null && !use.HeldElsewhere)
                    {
                        use.HeldElsewhere = true;
                        candidates--;
                    }
                }
            }
        }
    }

    private sealed class BlockUse(int size, string owner)
    {
        public int Size { get; } = size;

        /// <summary>The one version of the dataset holding the block; null once two do.</summary>
        public string? Owner { get; set; } = owner;

        public bool HeldElsewhere { get; set; }
    }
}
