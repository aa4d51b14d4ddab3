using AetherFS.Client.Fetch;
using AetherFS.Client.Hub;
using AetherFS.Mount.Datasets;
using AetherFS.Serving.Versions;

namespace AetherFS.Mount.Sessions;

/// <summary>What <see cref="DatasetMount.Start"/> needs: the version to serve first and where its bytes come from.</summary>
public sealed class DatasetMountSettings
{
    /// <summary>The hub the tag is followed on (the fetcher's hub).</summary>
    public required HubClient Hub { get; init; }

    /// <summary>The fetch engine and cache reads go through: the caller's, so a mount shares them with pulls and syncs.</summary>
    public required BlockFetcher Fetcher { get; init; }

    public required string Name { get; init; }

    /// <summary>The tag to follow; null for a version pinned by digest.</summary>
    public string? Tag { get; init; }

    /// <summary>The version served first, its manifest already verified.</summary>
    public required ManifestIndex First { get; init; }

    /// <summary>An existing, empty directory (see <c>MountPoint.PrepareAsync</c>).</summary>
    public required string Directory { get; init; }

    public DatasetReadOptions ReadOptions { get; init; } = new();

    /// <summary>Fill the cache with every block of the version served, in the background (<c>--prefetch</c>).</summary>
    public bool Prefetch { get; init; }

    /// <summary>Told, one line each, of tag moves, prefetch progress and failures.</summary>
    public Action<string> Log { get; init; } = static _ => { };

    public FuseMountOptions? MountOptions { get; init; }
}
