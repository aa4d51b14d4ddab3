using Amazon.S3;
using Amazon.S3.Model;

namespace AetherFS.Storage.Blobs.S3;

/// <summary>
/// Asks S3 to encrypt what the hub writes (<c>--storage-s3-sse</c>): set on every PUT and on the start of every
/// multipart upload (S3 takes it there for all the parts). Independent of, and combinable with, the hub's own
/// encryption at rest, which S3 never sees the keys of.
/// </summary>
public static class S3ServerSideEncryption
{
    public const string Aes256 = "AES256";
    public const string Kms = "aws:kms";

    public static PutObjectRequest Apply(S3BlobStoreOptions options, PutObjectRequest request)
    {
        if (Method(options) is { } method)
        {
            request.ServerSideEncryptionMethod = method;
            request.ServerSideEncryptionKeyManagementServiceKeyId = options.SseKmsKeyId;
        }

        return request;
    }

    public static InitiateMultipartUploadRequest Apply(S3BlobStoreOptions options, InitiateMultipartUploadRequest request)
    {
        if (Method(options) is { } method)
        {
            request.ServerSideEncryptionMethod = method;
            request.ServerSideEncryptionKeyManagementServiceKeyId = options.SseKmsKeyId;
        }

        return request;
    }

    private static ServerSideEncryptionMethod? Method(S3BlobStoreOptions options) => options.ServerSideEncryption switch
    {
        null => null,
        Aes256 => ServerSideEncryptionMethod.AES256,
        Kms => ServerSideEncryptionMethod.AWSKMS,
        var other => throw new ArgumentException($"unknown S3 server-side encryption '{other}'"),
    };
}
