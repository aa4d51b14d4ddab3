using System.Security.Cryptography.X509Certificates;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;

namespace AetherFS.Storage.Blobs.S3;

/// <summary>Builds the AWS SDK client from <see cref="S3BlobStoreOptions"/>: addressing, credentials, trust, timeouts.</summary>
internal static class S3ClientFactory
{
    public static AmazonS3Client Create(S3BlobStoreOptions options)
    {
        var region = options.Region ?? S3BlobStoreOptions.DefaultRegion;
        var config = new AmazonS3Config
        {
            // S3RetryPolicy retries, so one place decides what is transient and logs each retry.
            MaxErrorRetry = 0,
            Timeout = options.RequestTimeout,
            // Only the endpoint we were given: the SDK would otherwise read AWS_ENDPOINT_URL* on its own.
            IgnoreConfiguredEndpointUrls = true,
            // The SDK's default CRC checksums are not understood by every S3-compatible server (s3rver keeps a
            // checksum from one of two racing PUTs and the body of the other), and every block and manifest is
            // verified by its SHA-256 when read anyway: compute checksums only where the API requires them.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (options.Endpoint is { } endpoint)
        {
            // S3-compatible servers rarely have DNS for bucket subdomains: address buckets by path.
            config.ServiceURL = endpoint;
            config.ForcePathStyle = true;
            config.AuthenticationRegion = region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        if (options.TlsCaPath is { } caPath)
        {
            config.HttpClientFactory = new TrustedCaHttpClientFactory(LoadCertificates(caPath));
        }

        if (options.AccessKeyId is { Length: > 0 } accessKeyId)
        {
            AWSCredentials credentials = options.SessionToken is { Length: > 0 } token
                ? new SessionAWSCredentials(accessKeyId, options.SecretAccessKey, token)
                : new BasicAWSCredentials(accessKeyId, options.SecretAccessKey);
            return new AmazonS3Client(credentials, config);
        }

        return new AmazonS3Client(config);
    }

    private static X509Certificate2Collection LoadCertificates(string path)
    {
        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPemFile(path);
        return certificates.Count > 0 ? certificates : throw new ArgumentException($"S3 TLS CA file '{path}' holds no PEM certificate");
    }
}
