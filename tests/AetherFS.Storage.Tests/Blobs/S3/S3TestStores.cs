using AetherFS.Storage.Blobs.S3;

namespace AetherFS.Storage.Tests.Blobs.S3;

/// <summary>Options for a store on an s3rver, with quick retries so failure tests stay short.</summary>
internal static class S3TestStores
{
    public static S3BlobStoreOptions Options(S3rverProcess server, string? keyPrefix = null, string? endpoint = null, int maxAttempts = 6) => new()
    {
        Endpoint = endpoint ?? server.Endpoint,
        Bucket = server.Bucket,
        AccessKeyId = S3rverProcess.AccessKeyId,
        SecretAccessKey = S3rverProcess.SecretAccessKey,
        KeyPrefix = keyPrefix ?? string.Empty,
        MaxAttempts = maxAttempts,
        RetryBaseDelay = TimeSpan.FromMilliseconds(20),
        RetryMaxDelay = TimeSpan.FromMilliseconds(500),
        RequestTimeout = TimeSpan.FromSeconds(20),
    };
}
