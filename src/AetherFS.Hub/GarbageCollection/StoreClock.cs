using System.Text;
using AetherFS.Storage.Blobs;
using AetherFS.Storage.Claims;
using AetherFS.Storage.Packs;

namespace AetherFS.Hub.GarbageCollection;

/// <summary>
/// "Now" as the store tells it: every age a collection judges (grace, claims, releases) compares one
/// <see cref="BlobInfo.LastModified"/> with another, so the clocks of the hubs never enter into it.
/// </summary>
internal static class StoreClock
{
    public const string Key = "gc/clock";

    // Where every push and every collection writes: the newest object among them is the latest store time seen.
    private static readonly string[] WrittenPrefixes = ["gc/", ClaimStore.Prefix, PackKeys.SegmentPrefix, "manifests/", "datasets/"];

    /// <summary>
    /// Writes a marker and reads back when the store says it was written. On a full store it writes the marker empty
    /// (an empty file takes an inode but no data block, so it usually still fits), and when even that is refused it
    /// writes nothing and takes the time of the newest object the store holds. <c>Full</c> says the store refused.
    /// </summary>
    /// <remarks>
    /// The fallback is safe: every judgement is "written before start minus an age" (grace, claim lifetime, quiet
    /// pushes) or "released before start", so an earlier start only keeps more; and the newest object listed was
    /// written before the collection began reading claims and tags, as the marker would have been.
    /// </remarks>
    public static async Task<(DateTime Now, bool Full)> NowAsync(IBlobStore blobs, string writer, CancellationToken cancellationToken)
    {
        try
        {
            return (await WriteAsync(blobs, Encoding.UTF8.GetBytes(writer), cancellationToken), false);
        }
        catch (StorageFullException)
        {
        }

        try
        {
            return (await WriteAsync(blobs, ReadOnlyMemory<byte>.Empty, cancellationToken), true);
        }
        catch (StorageFullException)
        {
            return (await LatestWrittenAsync(blobs, cancellationToken), true);
        }
    }

    private static async Task<DateTime> WriteAsync(IBlobStore blobs, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        await blobs.PutAsync(Key, content, cancellationToken);
        var info = await blobs.HeadAsync(Key, cancellationToken)
            ?? throw new InvalidOperationException($"the store lost '{Key}' right after it was written");
        return DateTime.SpecifyKind(info.LastModified, DateTimeKind.Utc);
    }

    private static async Task<DateTime> LatestWrittenAsync(IBlobStore blobs, CancellationToken cancellationToken)
    {
        // An empty store has nothing to judge: any start keeps everything there is, which is nothing.
        var latest = DateTime.UnixEpoch;
        foreach (var prefix in WrittenPrefixes)
        {
            await foreach (var blob in blobs.ListAsync(prefix, cancellationToken))
            {
                var written = DateTime.SpecifyKind(blob.LastModified, DateTimeKind.Utc);
                latest = written > latest ? written : latest;
            }
        }

        return latest;
    }
}
