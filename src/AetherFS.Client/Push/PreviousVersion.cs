using AetherFS.Client.Hub;
using AetherFS.Core.Blocks;
using AetherFS.Core.Manifests;
using AetherFS.Core.References;

namespace AetherFS.Client.Push;

/// <summary>
/// The version a push sends deltas against: the one its first target NAME:TAG points at on the hub now, else the
/// most recently published tag of NAME; null for a new dataset, or when that manifest does not verify (a damaged
/// copy on the hub: the push that repairs it must not fail on it). Read as an inspection, so it counts as no pull,
/// and once per push: its blocks serve as delta bases and its bytes as the new manifest's base.
/// </summary>
internal static class PreviousVersion
{
    public static async Task<PreviousManifest?> FindAsync(HubClient hub, DatasetReference target, CancellationToken cancellationToken)
    {
        try
        {
            return await FindVerifiedAsync(hub, target, cancellationToken);
        }
        catch (Exception e) when (e is DigestMismatchException or HubException { IsCorruptOnHub: true } or HubException { IsForbidden: true })
        {
            return null;
        }
    }

    private static async Task<PreviousManifest?> FindVerifiedAsync(HubClient hub, DatasetReference target, CancellationToken cancellationToken)
    {
        try
        {
            return Found(await hub.InspectManifestBytesAsync(target.Name, target.Tag, cancellationToken));
        }
        catch (HubException e) when (e.IsNotFound)
        {
        }

        try
        {
            var tags = await hub.ListTagsAsync(target.Name, cancellationToken);
            return tags.Tags.MaxBy(t => t.PublishedAt) is { } latest
                ? Found(await hub.InspectManifestBytesAsync(target.Name, latest.Digest, cancellationToken))
                : null;
        }
        catch (HubException e) when (e.IsNotFound)
        {
            return null;
        }
    }

    private static PreviousManifest Found(FetchedManifest found) =>
        new(new ManifestIndex(found.Digest, ManifestSerializer.Parse(found.Bytes)), new HeldManifest(found.Digest, found.Bytes));
}
