namespace AetherFS.Storage.Blobs;

/// <summary>Whole reads of small objects (manifests, index segments, usage records): never of packs, which are streamed.</summary>
public static class BlobStoreReads
{
    /// <summary>The object's bytes (or the range's), or null when there is no such object.</summary>
    public static async Task<byte[]?> ReadAllBytesAsync(this IBlobStore blobs, string key, CancellationToken cancellationToken, long offset = 0, long? length = null)
    {
        await using var content = await blobs.OpenReadAsync(key, offset, length, cancellationToken);
        if (content is null)
        {
            return null;
        }

        var bytes = new byte[content.Length];
        await content.Stream.ReadExactlyAsync(bytes, cancellationToken);
        return bytes;
    }
}
