using AetherFS.Core.Manifests;
using AetherFS.Core.Datasets;

namespace AetherFS.Serving.Versions;

/// <summary>Where the file server finds versions: the hub's store, or the versions an agent keeps on disk.</summary>
public interface IVersionSource
{
    /// <summary>The version a tag or digest names, with the tag's record when named by tag; null when unknown.</summary>
    Task<(ManifestIndex Index, TagRecord? Tag)?> ResolveAsync(string name, string tagOrDigest, CancellationToken cancellationToken);
}
