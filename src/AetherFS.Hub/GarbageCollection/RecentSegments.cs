using AetherFS.Storage.Blobs;
using AetherFS.Storage.Packs;

namespace AetherFS.Hub.GarbageCollection;

/// <summary>
/// The pushes that stored a pack since a cutoff: they are uploading, so not quiet, however old their claim objects
/// (a push of new data writes packs, not claims). Only segments written after the cutoff are read: a few.
/// </summary>
internal static class RecentSegments
{
    public static async Task<HashSet<string>> PushesAsync(IBlobStore blobs, DateTime since, CancellationToken cancellationToken)
    {
        var pushes = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var blob in blobs.ListAsync(PackKeys.SegmentPrefix, cancellationToken))
        {
            if (!PackKeys.IsSegment(blob.Key) || blob.LastModified <= since)
            {
                continue;
            }

            var bytes = await blobs.ReadAllBytesAsync(blob.Key, cancellationToken);
            if (bytes is null)
            {
                continue;
            }

            try
            {
                if (IndexSegment.Decode(bytes).PushId is { } pushId)
                {
                    pushes.Add(pushId);
                }
            }
            catch (InvalidDataException)
            {
                // Unreadable: the pack phase rebuilds its packs from their trailers; it names no push here.
            }
        }

        return pushes;
    }
}
