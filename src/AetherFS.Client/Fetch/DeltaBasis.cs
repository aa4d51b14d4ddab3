namespace AetherFS.Client.Fetch;

/// <summary>
/// A version whose blocks a consumer holds raw (<see cref="Have"/>: its cache, its copy on disk) and the version it
/// fetches blocks of (<see cref="Version"/>): sent with a fetch, they let the hub answer blocks as deltas against
/// the held ones (see <c>FetchBlocksRequest</c>).
/// </summary>
public sealed record DeltaBasis(string Have, string Version)
{
    /// <summary>The basis for fetching <paramref name="version"/> while holding <paramref name="have"/>; null when nothing (else) is held.</summary>
    public static DeltaBasis? Between(string? have, string version) =>
        have is null || string.Equals(have, version, StringComparison.Ordinal) ? null : new DeltaBasis(have, version);
}
