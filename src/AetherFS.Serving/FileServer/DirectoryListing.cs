using AetherFS.Core.Manifests;
using AetherFS.Serving.Versions;

namespace AetherFS.Serving.FileServer;

/// <summary>What a directory URL shows, whatever the format.</summary>
/// <param name="Version">The reference as users write it: "name:tag" or "name@sha256:...".</param>
/// <param name="Path">The directory's path in the URL, inside the version: "/" for the root, else "/a/b/".</param>
internal sealed record DirectoryListing(string Version, string Path, IReadOnlyList<ListingEntry> Entries)
{
    public bool IsRoot => Path == "/";

    /// <summary>
    /// The listing of <paramref name="directory"/> (its resolved path in the manifest) shown at
    /// <paramref name="urlPath"/>, which differs when the URL went through a symlink.
    /// </summary>
    public static DirectoryListing Of(ManifestIndex version, string display, string directory, string urlPath)
    {
        var entries = version.ChildrenOf(directory)
            .Select(e => new ListingEntry(
                e.Path[(e.Path.LastIndexOf('/') + 1)..],
                e.Type,
                e.Type switch
                {
                    EntryType.File => e.Size,
                    EntryType.Directory => version.SizeUnder(e.Path),
                    _ => 0,
                },
                e.ModifiedAt,
                e.Target))
            .ToList();
        return new DirectoryListing(display, urlPath.Length == 0 ? "/" : $"/{urlPath}/", entries);
    }
}
