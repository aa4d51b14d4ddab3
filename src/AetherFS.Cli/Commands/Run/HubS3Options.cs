using System.CommandLine;
using AetherFS.Cli.Infrastructure;
using AetherFS.Hub.Configuration;
using AetherFS.Storage.Blobs.S3;

namespace AetherFS.Cli.Commands.Run;

/// <summary>
/// The <c>--storage-s3-*</c> options of <c>run hub</c>. Each falls back to <c>STORAGE_S3_*</c>, then to the
/// variable the AWS tools read. Secrets are read from the environment only when the flag is absent, never as a
/// default value, which <c>--help</c> would print.
/// </summary>
internal static class HubS3Options
{
    private static readonly Option<string?> Endpoint = new("--storage-s3-endpoint")
    {
        Description = "URL of an S3-compatible server (MinIO, Ceph...); buckets are then addressed by path (env STORAGE_S3_ENDPOINT, AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL; default: AWS)",
        DefaultValueFactory = _ => EnvironmentDefaults.Get("STORAGE_S3_ENDPOINT", "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL"),
    };

    private static readonly Option<string?> Region = new("--storage-s3-region")
    {
        Description = $"Region of the bucket (env STORAGE_S3_REGION, AWS_REGION, AWS_DEFAULT_REGION; default: {S3BlobStoreOptions.DefaultRegion})",
        DefaultValueFactory = _ => EnvironmentDefaults.Get("STORAGE_S3_REGION", "AWS_REGION", "AWS_DEFAULT_REGION"),
    };

    private static readonly Option<string?> Bucket = new("--storage-s3-bucket")
    {
        Description = "Bucket that holds the hub's data (env STORAGE_S3_BUCKET)",
        DefaultValueFactory = _ => EnvironmentDefaults.Get("STORAGE_S3_BUCKET"),
    };

    private static readonly Option<string?> Prefix = new("--storage-s3-prefix")
    {
        Description = "Folder inside the bucket for every key, e.g. team/aetherfs (env STORAGE_S3_PREFIX; default: the bucket's root)",
        DefaultValueFactory = _ => EnvironmentDefaults.Get("STORAGE_S3_PREFIX"),
    };

    private static readonly Option<string?> AccessKeyId = new("--storage-s3-access-key-id")
    {
        Description = "Access key id (env STORAGE_S3_ACCESS_KEY_ID, AWS_ACCESS_KEY_ID; neither key: the AWS default credential chain)",
        DefaultValueFactory = _ => EnvironmentDefaults.Get("STORAGE_S3_ACCESS_KEY_ID", "AWS_ACCESS_KEY_ID"),
    };

    private static readonly Option<string?> SecretAccessKey = new("--storage-s3-secret-access-key")
    {
        Description = "Secret access key (env STORAGE_S3_SECRET_ACCESS_KEY, AWS_SECRET_ACCESS_KEY; prefer the environment, flags show in process lists)",
    };

    private static readonly Option<string?> SessionToken = new("--storage-s3-session-token")
    {
        Description = "Session token of temporary credentials (env STORAGE_S3_SESSION_TOKEN, AWS_SESSION_TOKEN)",
    };

    private static readonly Option<string?> TlsCaPath = new("--storage-s3-tls-ca-path")
    {
        Description = "PEM file of the certificate authorities to trust for the endpoint, instead of the system's (env STORAGE_S3_TLS_CA_PATH, AWS_CA_BUNDLE)",
        DefaultValueFactory = _ => EnvironmentDefaults.Get("STORAGE_S3_TLS_CA_PATH", "AWS_CA_BUNDLE"),
    };

    private static readonly Option<string?> ServerSideEncryption = new("--storage-s3-sse")
    {
        Description = $"Have S3 encrypt every object written: {S3ServerSideEncryption.Kms} or {S3ServerSideEncryption.Aes256} (env STORAGE_S3_SSE; default: the bucket's own setting)",
        DefaultValueFactory = _ => EnvironmentDefaults.Get("STORAGE_S3_SSE"),
    };

    private static readonly Option<string?> SseKmsKeyId = new("--storage-s3-sse-kms-key-id")
    {
        Description = $"KMS key (id, ARN or alias) for --storage-s3-sse {S3ServerSideEncryption.Kms} (env STORAGE_S3_SSE_KMS_KEY_ID; default: the account's AWS-managed key)",
        DefaultValueFactory = _ => EnvironmentDefaults.Get("STORAGE_S3_SSE_KMS_KEY_ID"),
    };

    public static IEnumerable<Option> All => [Endpoint, Region, Bucket, Prefix, AccessKeyId, SecretAccessKey, SessionToken, TlsCaPath, ServerSideEncryption, SseKmsKeyId];

    /// <summary>The S3 settings when the driver is s3; null otherwise, so stray S3 variables never break a local hub.</summary>
    public static S3BlobStoreOptions? Read(ParseResult parsed, string driver) => driver != HubOptions.S3Driver ? null : new S3BlobStoreOptions
    {
        Endpoint = parsed.GetValue(Endpoint),
        Region = parsed.GetValue(Region),
        Bucket = parsed.GetValue(Bucket) ?? string.Empty,
        KeyPrefix = parsed.GetValue(Prefix) ?? string.Empty,
        AccessKeyId = parsed.GetValue(AccessKeyId),
        SecretAccessKey = parsed.GetValue(SecretAccessKey) ?? EnvironmentDefaults.Get("STORAGE_S3_SECRET_ACCESS_KEY", "AWS_SECRET_ACCESS_KEY"),
        SessionToken = parsed.GetValue(SessionToken) ?? EnvironmentDefaults.Get("STORAGE_S3_SESSION_TOKEN", "AWS_SESSION_TOKEN"),
        TlsCaPath = parsed.GetValue(TlsCaPath),
        ServerSideEncryption = parsed.GetValue(ServerSideEncryption),
        SseKmsKeyId = parsed.GetValue(SseKmsKeyId),
    };
}
