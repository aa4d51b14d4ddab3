using AetherFS.Core.Manifests;

namespace AetherFS.Client.Fetch;

/// <summary>
/// A version whose blocks a consumer holds raw (<see cref="Have"/>: its cache, its copy on disk) and the version it
/// fetches blocks of (<see cref="Version"/>): sent with a fetch, they let the hub answer blocks as deltas against
/// the held ones (see <c>FetchBlocksRequest</c>). <see cref="HeldBlocks"/> is the held version's block list, in
/// which the hub's deltas name their bases by place (codec 3).
/// </summary>
public sealed record DeltaBasis(string Have, string Version, IReadOnlyList<BlockRef> HeldBlocks)
{
    /// <summary>
    /// The basis for fetching <paramref name="version"/> while holding <paramref name="held"/> (its digest and
    /// manifest); null when nothing (else) is held.
    /// </summary>
    public static DeltaBasis? Between(string? have, Manifest? held, string version) =>
        have is null || held is null || string.Equals(have, version, StringComparison.Ordinal) ? null : new DeltaBasis(have, version, held.Blocks);
}
