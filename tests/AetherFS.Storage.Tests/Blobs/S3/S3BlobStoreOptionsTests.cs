using AetherFS.Storage.Blobs.S3;

namespace AetherFS.Storage.Tests.Blobs.S3;

public sealed class S3BlobStoreOptionsTests
{
    private const string Secret = "sup3r-s3cret-access-key-do-not-log";

    [Fact]
    public void ToString_NamesTheBucketButNeverTheSecret()
    {
        var options = new S3BlobStoreOptions
        {
            Endpoint = "http://minio:9000",
            Bucket = "datasets",
            KeyPrefix = "team/aetherfs",
            AccessKeyId = "AKIAIOSFODNN7EXAMPLE",
            SecretAccessKey = Secret,
            SessionToken = "session-token-also-secret",
        };

        var text = options.ToString();

        Assert.Equal("s3://datasets/team/aetherfs/ at http://minio:9000 (region us-east-1, access key AKIA..., secret ***)", text);
        Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain("session-token", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_WithoutKeys_SaysTheDefaultChainIsUsed()
    {
        Assert.Equal("s3://b/ at AWS (region eu-west-1, default credential chain)", new S3BlobStoreOptions { Bucket = "b", Region = "eu-west-1" }.ToString());
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("/", "")]
    [InlineData("a", "a/")]
    [InlineData("a/b/", "a/b/")]
    [InlineData("/a/b", "a/b/")]
    public void KeyPrefix_IsAFolder(string prefix, string normalized)
    {
        Assert.Equal(normalized, new S3BlobStoreOptions { Bucket = "b", KeyPrefix = prefix }.NormalizedKeyPrefix);
    }

    [Fact]
    public void Validate_AcceptsTheDefaults()
    {
        new S3BlobStoreOptions { Bucket = "b" }.Validate();
    }

    [Theory]
    [InlineData(null, null, null, null, "needs a bucket")]
    [InlineData("b", "ftp://x", null, null, "invalid S3 endpoint")]
    [InlineData("b", "not a url", null, null, "invalid S3 endpoint")]
    [InlineData("b", null, "eu west", null, "invalid S3 region")]
    [InlineData("b", null, null, "a/../b", "invalid S3 key prefix")]
    public void Validate_NamesTheWrongSetting(string? bucket, string? endpoint, string? region, string? prefix, string expected)
    {
        var options = new S3BlobStoreOptions { Bucket = bucket ?? string.Empty, Endpoint = endpoint, Region = region, KeyPrefix = prefix ?? string.Empty };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NeedsBothKeysOrNeither()
    {
        var error = Assert.Throws<ArgumentException>(new S3BlobStoreOptions { Bucket = "b", AccessKeyId = "AKIA" }.Validate);

        Assert.Contains("both an access key id and a secret access key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RefusesPartsS3WouldRefuse()
    {
        Assert.Throws<ArgumentException>(new S3BlobStoreOptions { Bucket = "b", PartSize = 1024 * 1024 }.Validate);
        Assert.Throws<ArgumentException>(new S3BlobStoreOptions { Bucket = "b", MultipartThreshold = 1024 }.Validate);
    }

    [Fact]
    public void Validate_RefusesAMissingCaFile()
    {
        var error = Assert.Throws<ArgumentException>(new S3BlobStoreOptions { Bucket = "b", TlsCaPath = "/no/such/ca.pem" }.Validate);

        Assert.Contains("/no/such/ca.pem", error.Message, StringComparison.Ordinal);
    }
}
