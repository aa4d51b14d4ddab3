using System.Text;
using AetherFS.Storage.Blobs;

namespace AetherFS.Hub.GarbageCollection;

/// <summary>
/// "Now" as the store tells it: every age a collection judges (grace, claims, releases) compares one
/// <see cref="BlobInfo.LastModified"/> with another, so the clocks of the hubs never enter into it.
/// </summary>
internal static class StoreClock
{
    public const string Key = "gc/clock";

    /// <summary>Writes a marker and reads back when the store says it was written.</summary>
    public static async Task<DateTime> NowAsync(IBlobStore blobs, string writer, CancellationToken cancellationToken)
    {
        await blobs.PutAsync(Key, Encoding.UTF8.GetBytes(writer), cancellationToken);
        var info = await blobs.HeadAsync(Key, cancellationToken)
            ?? throw new InvalidOperationException($"the store lost '{Key}' right after it was written");
        return DateTime.SpecifyKind(info.LastModified, DateTimeKind.Utc);
    }
}
