using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using Amazon.Runtime;
using Amazon.S3;

namespace AetherFS.Storage.Blobs.S3;

/// <summary>
/// The one place where S3 failures are judged: transient ones are worth another try, the rest become a
/// <see cref="BlobStoreException"/> with one line an operator can act on.
/// </summary>
internal static class S3Errors
{
    private static readonly HashSet<string> TransientCodes = new(StringComparer.Ordinal)
    {
        "SlowDown", "Throttling", "ThrottlingException", "RequestTimeout", "RequestTimeTooSkewed", "InternalError",
        "ServiceUnavailable", "OperationAborted",
    };

    /// <summary>A key that is not there (404 without NoSuchBucket): an expected outcome, not an error.</summary>
    public static bool IsMissingKey(AmazonS3Exception e) => e.StatusCode == HttpStatusCode.NotFound && e.ErrorCode != "NoSuchBucket";

    /// <summary>Whether another attempt may succeed: 5xx, throttling, timeouts, refused or reset connections.</summary>
    public static bool IsTransient(Exception e)
    {
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case AuthenticationException:
                    // A TLS certificate the client does not trust stays untrusted.
                    return false;
                case AmazonServiceException service when service.StatusCode != 0:
                    return (int)service.StatusCode >= 500 || service.StatusCode == HttpStatusCode.TooManyRequests
                        || (service.ErrorCode is { } code && TransientCodes.Contains(code));
                case HttpRequestException http when http.InnerException is null:
                    return true;
                case SocketException or TimeoutException or OperationCanceledException:
                    return true;
                case IOException when current.InnerException is null:
                    return true;
            }
        }

        return false;
    }

    /// <summary>The operator's view of a failure that retrying did not or cannot fix.</summary>
    public static BlobStoreException Translate(Exception e, S3BlobStoreOptions options, string operation, int attempts)
    {
        var where = $"bucket '{options.Bucket}' at {options.Endpoint ?? "AWS"}";
        var service = Find<AmazonServiceException>(e);
        var message = (service, service?.ErrorCode) switch
        {
            (_, "NoSuchBucket") => $"S3 {where} does not exist",
            (_, "InvalidAccessKeyId") => $"S3 {where} does not know the access key id (InvalidAccessKeyId): check --storage-s3-access-key-id",
            (_, "SignatureDoesNotMatch") => $"S3 {where} refused the request signature (SignatureDoesNotMatch): check --storage-s3-secret-access-key",
            ({ StatusCode: HttpStatusCode.Forbidden }, var code) => $"S3 {where} denied access ({code ?? "403"}): check the credentials and the bucket policy",
            ({ StatusCode: HttpStatusCode.MovedPermanently }, _) => $"S3 {where} is in another region: set --storage-s3-region to the bucket's",
            ({ StatusCode: not 0 } s, var code) when !IsTransient(e) => $"S3 {operation} on {where} failed: {(int)s.StatusCode} {code}: {OneLine(s.Message)}",
            _ when Find<AuthenticationException>(e) is { } tls => $"S3 {where}: TLS handshake failed ({OneLine(tls.Message)}); --storage-s3-tls-ca-path names the CA to trust",
            _ when IsTransient(e) => $"S3 {where}: {operation} failed {attempts} time(s), giving up; last error: {Describe(e)}",
            _ => $"S3 {operation} on {where} failed: {Describe(e)}",
        };
        return new BlobStoreException(message, e);
    }

    private static string Describe(Exception e)
    {
        // The innermost message names the cause ("Connection refused (127.0.0.1:9000)"); wrappers add little.
        var innermost = e;
        while (innermost.InnerException is not null)
        {
            innermost = innermost.InnerException;
        }

        return innermost == e || e.Message.Contains(innermost.Message, StringComparison.Ordinal)
            ? OneLine(e.Message)
            : $"{OneLine(e.Message)} ({OneLine(innermost.Message)})";
    }

    private static T? Find<T>(Exception e)
        where T : Exception
    {
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            if (current is T found)
            {
                return found;
            }
        }

        return null;
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
