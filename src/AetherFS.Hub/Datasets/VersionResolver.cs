using AetherFS.Serving.Versions;
using AetherFS.Core.Datasets;
using AetherFS.Core.References;
using AetherFS.Storage.Datasets;

namespace AetherFS.Hub.Datasets;

/// <summary>Finds the version a tag or digest names, for the file server and the web UI.</summary>
internal sealed class VersionResolver : IVersionSource
{
    private readonly DatasetStore _datasets;
    private readonly ManifestCache _manifests;

    public VersionResolver(DatasetStore datasets, ManifestCache manifests)
    {
        _datasets = datasets;
        _manifests = manifests;
    }

    /// <summary>The version, and the tag's record when named by tag; null when the tag or manifest is absent.</summary>
    public async Task<(ManifestIndex Index, TagRecord? Tag)?> ResolveAsync(string name, string tagOrDigest, CancellationToken cancellationToken)
    {
        TagRecord? record = null;
        var digest = tagOrDigest;
        if (!Digest.IsValid(tagOrDigest))
        {
            record = await _datasets.GetTagAsync(name, tagOrDigest, cancellationToken);
            if (record is null)
            {
                return null;
            }

            digest = record.Digest;
        }

        var index = await _manifests.GetAsync(digest, cancellationToken);
        return index is null ? null : (index, record);
    }
}
