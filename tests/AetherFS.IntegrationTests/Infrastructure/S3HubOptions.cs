using AetherFS.Storage.Blobs.S3;

namespace AetherFS.IntegrationTests.Infrastructure;

/// <summary>The <c>run hub</c> options that put a hub's data in a bucket of an s3rver, and a look into that bucket.</summary>
public static class S3HubOptions
{
    public static string[] For(S3rverProcess server, string? prefix = null) =>
    [
        "--storage-driver", "s3",
        "--storage-s3-endpoint", server.Endpoint,
        "--storage-s3-bucket", server.Bucket,
        "--storage-s3-access-key-id", S3rverProcess.AccessKeyId,
        "--storage-s3-secret-access-key", S3rverProcess.SecretAccessKey,
        .. prefix is null ? Array.Empty<string>() : ["--storage-s3-prefix", prefix],
    ];

    /// <summary>How many blocks a hub with <paramref name="prefix"/> stored in the bucket (in packs its index segments list).</summary>
    public static async Task<int> CountBlocksAsync(S3rverProcess server, string? prefix)
    {
        using var store = Open(server, prefix);
        return (await global::AetherFS.Storage.Packs.PackInventory.StoredBlocksAsync(store, CancellationToken.None)).Count;
    }

    /// <summary>How many keys of at least <paramref name="minimumSize"/> bytes a hub with <paramref name="prefix"/> stored under <paramref name="keyPrefix"/>.</summary>
    public static async Task<int> CountAsync(S3rverProcess server, string? prefix, string keyPrefix, int minimumSize = 0)
    {
        using var store = Open(server, prefix);
        var count = 0;
        await foreach (var info in store.ListAsync(keyPrefix, CancellationToken.None))
        {
            count += info.Size >= minimumSize ? 1 : 0;
        }

        return count;
    }

    /// <summary>Flips one bit of a stored block's payload, <paramref name="at"/> bytes into it, rewriting its pack in the bucket.</summary>
    public static async Task CorruptBlockAsync(S3rverProcess server, string? prefix, string signature, int at)
    {
        using var store = Open(server, prefix);
        var (key, offset, _) = (await new global::AetherFS.Storage.Blocks.BlockStore(store).LocationOfAsync(signature, CancellationToken.None))
            ?? throw new InvalidOperationException($"block {signature} is not stored");
        await using var content = (await store.OpenReadAsync(key, 0, null, CancellationToken.None))!;
        var bytes = new byte[content.Length];
        await content.Stream.ReadExactlyAsync(bytes, CancellationToken.None);
        bytes[offset + at] ^= 0x01;
        await store.PutAsync(key, bytes, CancellationToken.None);
    }

    private static S3BlobStore Open(S3rverProcess server, string? prefix) => new(new S3BlobStoreOptions
    {
        Endpoint = server.Endpoint,
        Bucket = server.Bucket,
        AccessKeyId = S3rverProcess.AccessKeyId,
        SecretAccessKey = S3rverProcess.SecretAccessKey,
        KeyPrefix = prefix ?? string.Empty,
    });
}
