using AetherFS.Core.Packing;

namespace AetherFS.Storage.Blobs.S3;

/// <summary>Where and how <see cref="S3BlobStore"/> reaches its bucket. <see cref="ToString"/> never shows a secret.</summary>
public sealed class S3BlobStoreOptions
{
    /// <summary>S3's smallest part (all but the last part of a multipart upload).</summary>
    public const int MinPartSize = 5 * 1024 * 1024;

    /// <summary>The region signed for when none is given.</summary>
    public const string DefaultRegion = "us-east-1";

    /// <summary>URL of an S3-compatible server (MinIO, Ceph, ...); null for AWS. When set, buckets are addressed by path.</summary>
    public string? Endpoint { get; init; }

    /// <summary>The bucket's region (signing region for a custom endpoint); null means <see cref="DefaultRegion"/>.</summary>
    public string? Region { get; init; }

    public string Bucket { get; init; } = string.Empty;

    /// <summary>With <see cref="SecretAccessKey"/>; both null means the AWS SDK's default credential chain.</summary>
    public string? AccessKeyId { get; init; }

    public string? SecretAccessKey { get; init; }

    /// <summary>For temporary credentials (AWS STS); optional.</summary>
    public string? SessionToken { get; init; }

    /// <summary>PEM file of the certificate authorities to trust for the endpoint's TLS certificate, instead of the system's.</summary>
    public string? TlsCaPath { get; init; }

    /// <summary>A folder inside the bucket that holds every key (<c>team/aetherfs</c>); empty means the bucket's root.</summary>
    public string KeyPrefix { get; init; } = string.Empty;

    /// <summary>
    /// Objects at least this large are uploaded in parts. 64 MiB: packs (about 32 MiB) go in one PUT each, since a
    /// multipart upload of one costs six requests (start, four parts, complete); larger manifests go in parts.
    /// </summary>
    public long MultipartThreshold { get; init; } = 64 * 1024 * 1024;

    public int PartSize { get; init; } = 8 * 1024 * 1024;

    /// <summary>Parts of one object uploaded at the same time.</summary>
    public int PartConcurrency { get; init; } = 4;

    /// <summary>Tries per request, the first included, for transient failures (5xx, throttling, timeouts, resets).</summary>
    public int MaxAttempts { get; init; } = 6;

    /// <summary>The wait before the first retry; it doubles per retry up to <see cref="RetryMaxDelay"/>, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long one HTTP request may take before it counts as a transient failure.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Keys per listing request (S3 returns at most 1000).</summary>
    public int ListPageSize { get; init; } = 1000;

    /// <summary>
    /// S3's own encryption of every object written (<c>--storage-s3-sse</c>): <c>AES256</c> (S3-managed keys) or
    /// <c>aws:kms</c>; null leaves it to the bucket's default.
    /// </summary>
    public string? ServerSideEncryption { get; init; }

    /// <summary>The KMS key for <c>aws:kms</c> (<c>--storage-s3-sse-kms-key-id</c>); null: the account's AWS-managed key.</summary>
    public string? SseKmsKeyId { get; init; }

    /// <summary><see cref="KeyPrefix"/> as it is prepended to keys: empty, or ending with one '/'.</summary>
    public string NormalizedKeyPrefix => KeyPrefix.Trim('/') is { Length: > 0 } trimmed ? trimmed + "/" : string.Empty;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Bucket))
        {
            throw new ArgumentException("the s3 storage driver needs a bucket (--storage-s3-bucket or STORAGE_S3_BUCKET)");
        }

        if (Endpoint is not null
            && (!Uri.TryCreate(Endpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https") || endpoint.Host.Length == 0))
        {
            throw new ArgumentException($"invalid S3 endpoint '{Endpoint}': use an http:// or https:// URL");
        }

        if (Region is { } region && (region.Length == 0 || region.Any(c => !(char.IsAsciiLetterOrDigit(c) || c == '-'))))
        {
            throw new ArgumentException($"invalid S3 region '{region}'");
        }

        if (string.IsNullOrEmpty(AccessKeyId) != string.IsNullOrEmpty(SecretAccessKey))
        {
            throw new ArgumentException("S3 credentials need both an access key id and a secret access key (or neither, for the AWS default credential chain)");
        }

        if (TlsCaPath is not null && !File.Exists(TlsCaPath))
        {
            throw new ArgumentException($"S3 TLS CA file '{TlsCaPath}' does not exist");
        }

        if (KeyPrefix.Trim('/') is { Length: > 0 } prefix && SafePath.Validate(prefix) is { } error)
        {
            throw new ArgumentException($"invalid S3 key prefix '{KeyPrefix}': {error}");
        }

        if (PartSize < MinPartSize || MultipartThreshold < PartSize)
        {
            throw new ArgumentException($"S3 parts must be at least {MinPartSize} bytes and the multipart threshold at least one part");
        }

        if (PartConcurrency < 1 || MaxAttempts < 1 || ListPageSize is < 1 or > 1000)
        {
            throw new ArgumentException("S3 part concurrency and attempts must be at least 1, the list page size 1..1000");
        }

        if (ServerSideEncryption is not (null or S3ServerSideEncryption.Aes256 or S3ServerSideEncryption.Kms))
        {
            throw new ArgumentException($"unknown S3 server-side encryption '{ServerSideEncryption}' (supported: {S3ServerSideEncryption.Kms}, {S3ServerSideEncryption.Aes256})");
        }

        if (SseKmsKeyId is not null && ServerSideEncryption != S3ServerSideEncryption.Kms)
        {
            throw new ArgumentException($"an S3 KMS key id needs --storage-s3-sse {S3ServerSideEncryption.Kms}");
        }

        if (RetryBaseDelay < TimeSpan.Zero || RetryMaxDelay < RetryBaseDelay || RequestTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("S3 retry delays must be ordered and the request timeout positive");
        }
    }

    /// <summary>Where the store is, for logs and errors: no credentials, only whether they are given.</summary>
    public override string ToString()
    {
        var credentials = AccessKeyId is null ? "default credential chain" : $"access key {RedactedAccessKeyId()}, secret ***";
        var sse = ServerSideEncryption is null ? string.Empty : $", server-side encryption {ServerSideEncryption}";
        return $"s3://{Bucket}/{NormalizedKeyPrefix} at {Endpoint ?? "AWS"} (region {Region ?? DefaultRegion}, {credentials}{sse})";
    }

    // An access key id is not secret by itself, but it names the account: show only enough to tell keys apart.
    private string RedactedAccessKeyId() => AccessKeyId!.Length > 8 ? AccessKeyId[..4] + "..." : "***";
}
