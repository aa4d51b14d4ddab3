using AetherFS.Storage.Blobs.S3;
using Amazon.S3;
using Amazon.S3.Model;

namespace AetherFS.Storage.Tests.Blobs.S3;

/// <summary>s3rver ignores server-side encryption headers, so the requests the store builds are checked here.</summary>
public sealed class S3ServerSideEncryptionTests
{
    [Fact]
    public void Kms_WithAKeyId_ReachesPutsAndMultipartStarts()
    {
        var options = new S3BlobStoreOptions { Bucket = "b", ServerSideEncryption = "aws:kms", SseKmsKeyId = "alias/aetherfs" };
        options.Validate();

        var put = S3ServerSideEncryption.Apply(options, new PutObjectRequest());
        var multipart = S3ServerSideEncryption.Apply(options, new InitiateMultipartUploadRequest());

        Assert.Equal(ServerSideEncryptionMethod.AWSKMS, put.ServerSideEncryptionMethod);
        Assert.Equal("alias/aetherfs", put.ServerSideEncryptionKeyManagementServiceKeyId);
        Assert.Equal(ServerSideEncryptionMethod.AWSKMS, multipart.ServerSideEncryptionMethod);
        Assert.Equal("alias/aetherfs", multipart.ServerSideEncryptionKeyManagementServiceKeyId);
        Assert.Contains("server-side encryption aws:kms", options.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Aes256_SetsTheMethodOnly_AndNoneLeavesRequestsAsTheyWere()
    {
        var aes = S3ServerSideEncryption.Apply(new S3BlobStoreOptions { Bucket = "b", ServerSideEncryption = "AES256" }, new PutObjectRequest());
        var none = S3ServerSideEncryption.Apply(new S3BlobStoreOptions { Bucket = "b" }, new PutObjectRequest());

        Assert.Equal(ServerSideEncryptionMethod.AES256, aes.ServerSideEncryptionMethod);
        Assert.Null(aes.ServerSideEncryptionKeyManagementServiceKeyId);
        Assert.Null(none.ServerSideEncryptionMethod);
    }

    [Theory]
    [InlineData("aes256", null, "unknown S3 server-side encryption 'aes256'")]
    [InlineData("AES256", "key", "an S3 KMS key id needs --storage-s3-sse aws:kms")]
    [InlineData(null, "key", "an S3 KMS key id needs --storage-s3-sse aws:kms")]
    public void Validate_RefusesUnknownMethods_AndAKmsKeyWithoutKms(string? method, string? keyId, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => new S3BlobStoreOptions { Bucket = "b", ServerSideEncryption = method, SseKmsKeyId = keyId }.Validate());

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }
}
