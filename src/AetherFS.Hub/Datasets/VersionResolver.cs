using AetherFS.Core.Manifests;
using AetherFS.Serving.Versions;
using AetherFS.Core.Datasets;
using AetherFS.Core.References;

namespace AetherFS.Hub.Datasets;

/// <summary>Finds the version a tag or digest names, for the file server and the web UI (tags through <see cref="TagReadCache"/>).</summary>
internal sealed class VersionResolver : IVersionSource
{
    private readonly TagReadCache _tags;
    private readonly ManifestCache _manifests;

    public VersionResolver(TagReadCache tags, ManifestCache manifests)
    {
        _tags = tags;
        _manifests = manifests;
    }

    /// <summary>The version, and the tag's record when named by tag; null when the tag or manifest is absent.</summary>
    public async Task<(ManifestIndex Index, TagRecord? Tag)?> ResolveAsync(string name, string tagOrDigest, CancellationToken cancellationToken)
    {
        TagRecord? record = null;
        var digest = tagOrDigest;
        if (!Digest.IsValid(tagOrDigest))
        {
            record = await _tags.GetAsync(name, tagOrDigest, cancellationToken);
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
