using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using AetherFS.Core.Packing;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AetherFS.Storage.Blobs.S3;

/// <summary>
/// Blobs as objects in an S3 bucket (AWS, MinIO, Ceph, ...), each key under <see cref="S3BlobStoreOptions.KeyPrefix"/>.
/// A PUT replaces an object atomically, and so does a completed multipart upload, so readers see the whole old value
/// or the whole new one. Transient failures are retried here; everything else leaves as a <see cref="BlobStoreException"/>.
/// </summary>
public sealed class S3BlobStore : IBlobStore, IDisposable
{
    private const int MaxKeyBytes = 1024;
    private readonly S3BlobStoreOptions _options;
    private readonly string _prefix;
    private readonly AmazonS3Client _client;
    private readonly S3RetryPolicy _retry;
    private readonly S3MultipartUpload _multipart;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public S3BlobStore(S3BlobStoreOptions options, ILogger<S3BlobStore>? logger = null, TimeProvider? time = null)
    {
        options.Validate();
        _options = options;
        _prefix = options.NormalizedKeyPrefix;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger<S3BlobStore>.Instance;
        _client = S3ClientFactory.Create(options);
        _retry = new S3RetryPolicy(options, options.MaxAttempts, _time, _logger);
        _multipart = new S3MultipartUpload(_client, options, _retry, _logger);
    }

    /// <summary>
    /// Lists one key to prove the bucket exists and the credentials may read it, retrying briefly: a hub checks this
    /// at start so a wrong bucket or key fails there, in one line, rather than on the first request.
    /// </summary>
    public async Task VerifyAccessAsync(CancellationToken cancellationToken)
    {
        // Its final error counts the attempts, so the retries themselves go unlogged: one line, not three.
        var retry = new S3RetryPolicy(_options, Math.Min(_options.MaxAttempts, 3), _time, NullLogger.Instance);
        await retry.ExecuteAsync("access check", _prefix, token => _client.ListObjectsV2Async(
            new ListObjectsV2Request { BucketName = _options.Bucket, Prefix = _prefix, MaxKeys = 1 }, token), cancellationToken);
    }

    public Task<BlobInfo?> HeadAsync(string key, CancellationToken cancellationToken)
    {
        var objectKey = ObjectKey(key);
        return _retry.ExecuteAsync("head", key, async token =>
        {
            try
            {
                var response = await _client.GetObjectMetadataAsync(_options.Bucket, objectKey, token);
                return new BlobInfo(key, response.ContentLength, Utc(response.LastModified));
            }
            catch (AmazonS3Exception e) when (S3Errors.IsMissingKey(e))
            {
                return null;
            }
        }, cancellationToken);
    }

    public async Task<BlobContent?> OpenReadAsync(string key, long offset, long? length, CancellationToken cancellationToken)
    {
        var objectKey = ObjectKey(key);
        if (offset < 0 || length < 0 || length > long.MaxValue - offset)
        {
            throw OutOfRange(key, offset, length, total: null);
        }

        if (length == 0)
        {
            // HTTP cannot ask for zero bytes: the size alone answers.
            return await HeadAsync(key, cancellationToken) is { } info ? EmptyRange(info, offset, length) : null;
        }

        // Always a range, even for the whole blob: the answer's Content-Range gives the size, and the SDK then skips
        // its check of a whole object's MD5 against the ETag, which fails only at the end of the stream (or in
        // Dispose) and is void for multipart objects. Blocks and manifests carry their own SHA-256 anyway.
        var response = await GetAsync(key, objectKey, RangeOf(offset, length), etag: null, cancellationToken);
        if (response is null)
        {
            return null;
        }

        if (response.HttpStatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            // Past the end, or any range of an empty object: only an empty read at the very end is valid.
            response.Dispose();
            return await HeadAsync(key, cancellationToken) is { } info ? EmptyRange(info, offset, length) : null;
        }

        // 206 names the size in Content-Range; a server that ignores the range answers 200 with the whole blob.
        var whole = response.HttpStatusCode == HttpStatusCode.OK;
        var total = whole ? response.ContentLength : TotalFromContentRange(response, key);
        if (total == 0)
        {
            // Some servers (s3rver) answer a range of an empty object with "bytes 0-0/0" rather than 416.
            response.Dispose();
            return EmptyRange(new BlobInfo(key, 0, Utc(response.LastModified)), offset, length);
        }

        var count = length ?? (total - offset);
        if (offset + count > total || (whole ? offset != 0 : response.ContentLength != count))
        {
            response.Dispose();
            throw OutOfRange(key, offset, length, total);
        }

        var etag = response.ETag;
        var stream = new S3ReadStream(
            response,
            count,
            async (position, token) => await GetAsync(key, objectKey, RangeOf(offset + position, count - position), etag, token)
                ?? throw new BlobStoreException($"S3 object '{key}' was deleted while it was read"),
            _retry,
            _options.RequestTimeout);
        return new BlobContent(stream, count, total);
    }

    public async Task PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var objectKey = ObjectKey(key);
        if (content.Length >= _options.MultipartThreshold)
        {
            await _multipart.UploadAsync(key, objectKey, content, cancellationToken);
            return;
        }

        await PutObjectAsync(key, objectKey, () => AsStream(content), cancellationToken);
    }

    public async Task PutFileAsync(string key, string path, CancellationToken cancellationToken)
    {
        var objectKey = ObjectKey(key);
        if (new FileInfo(path).Length >= _options.MultipartThreshold)
        {
            await _multipart.UploadFileAsync(key, objectKey, path, cancellationToken);
        }
        else
        {
            await PutObjectAsync(key, objectKey, () => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1024 * 1024, FileOptions.Asynchronous), cancellationToken);
        }

        File.Delete(path);
    }

    // One PUT, retried with a fresh body each attempt.
    private Task PutObjectAsync(string key, string objectKey, Func<Stream> openBody, CancellationToken cancellationToken) =>
        _retry.ExecuteAsync("put", key, async token =>
        {
            await using var body = openBody();
            return await _client.PutObjectAsync(
                S3ServerSideEncryption.Apply(_options, new PutObjectRequest
                {
                    BucketName = _options.Bucket,
                    Key = objectKey,
                    InputStream = body,
                    AutoCloseStream = false,
                    // aws-chunked bodies are stored verbatim by some S3-compatible servers (s3rver): send plain bytes.
                    UseChunkEncoding = false,
                    ContentType = "application/octet-stream",
                }),
                token);
        }, cancellationToken);

    /// <summary>Keys under <paramref name="prefix"/> after <paramref name="startAfter"/>: S3 starts the listing there (<c>StartAfter</c>).</summary>
    public IAsyncEnumerable<BlobInfo> ListAfterAsync(string prefix, string startAfter, CancellationToken cancellationToken) =>
        ListPagesAsync(prefix, _prefix + startAfter, cancellationToken);

    /// <summary>Deletes a key. S3 answers a delete the same whether or not the key was there, so a HEAD tells first.</summary>
    public async Task<bool> DeleteAsync(string key, CancellationToken cancellationToken)
    {
        var objectKey = ObjectKey(key);
        if (await HeadAsync(key, cancellationToken) is null)
        {
            return false;
        }

        await _retry.ExecuteAsync("delete", key, token => _client.DeleteObjectAsync(_options.Bucket, objectKey, token), cancellationToken);
        return true;
    }

    /// <summary>
    /// Keys under <paramref name="prefix"/> a page at a time. S3 lists in UTF-8 byte order, which is ordinal order
    /// for every key without characters beyond the BMP; AetherFS's keys are ASCII.
    /// </summary>
    public IAsyncEnumerable<BlobInfo> ListAsync(string prefix, CancellationToken cancellationToken) =>
        ListPagesAsync(prefix, null, cancellationToken);

    private async IAsyncEnumerable<BlobInfo> ListPagesAsync(string prefix, string? startAfter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var trimmed = prefix.TrimEnd('/');
        if (trimmed.Length > 0 && SafePath.Validate(trimmed) is { } error)
        {
            throw new ArgumentException($"invalid blob prefix '{prefix}': {error}", nameof(prefix));
        }

        string? continuation = null;
        do
        {
            var request = new ListObjectsV2Request
            {
                BucketName = _options.Bucket,
                Prefix = _prefix + prefix,
                MaxKeys = _options.ListPageSize,
                ContinuationToken = continuation,
                StartAfter = continuation is null ? startAfter : null,
            };
            var page = await _retry.ExecuteAsync("list", prefix, token => _client.ListObjectsV2Async(request, token), cancellationToken);
            foreach (var item in page.S3Objects ?? [])
            {
                yield return new BlobInfo(item.Key[_prefix.Length..], item.Size ?? 0, Utc(item.LastModified));
            }

            continuation = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (continuation is not null);
    }

    public void Dispose() => _client.Dispose();

    public override string ToString() => _options.ToString();

    internal static MemoryStream AsStream(ReadOnlyMemory<byte> content) =>
        MemoryMarshal.TryGetArray(content, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(content.ToArray(), writable: false);

    private async Task<GetObjectResponse?> GetAsync(string key, string objectKey, ByteRange? range, string? etag, CancellationToken cancellationToken) =>
        await _retry.ExecuteAsync("get", key, async token =>
        {
            try
            {
                return await _client.GetObjectAsync(
                    new GetObjectRequest { BucketName = _options.Bucket, Key = objectKey, ByteRange = range, EtagToMatch = etag },
                    token);
            }
            catch (AmazonS3Exception e) when (S3Errors.IsMissingKey(e))
            {
                return null;
            }
            catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable && etag is null)
            {
                return new GetObjectResponse { HttpStatusCode = HttpStatusCode.RequestedRangeNotSatisfiable };
            }
        }, cancellationToken);

    private string ObjectKey(string key)
    {
        var error = SafePath.Validate(key);
        var objectKey = _prefix + key;
        if (error is null && Encoding.UTF8.GetByteCount(objectKey) > MaxKeyBytes)
        {
            error = $"longer than S3's {MaxKeyBytes} bytes";
        }

        return error is null ? objectKey : throw new ArgumentException($"invalid blob key '{key}': {error}", nameof(key));
    }

    private static ByteRange RangeOf(long offset, long? length) =>
        length is { } l ? new ByteRange(offset, offset + l - 1) : new ByteRange($"bytes={offset}-");

    // Zero bytes anywhere up to the end, or everything from exactly the end: both empty; anything else is outside.
    private static BlobContent EmptyRange(BlobInfo info, long offset, long? length) =>
        (length == 0 ? offset <= info.Size : offset == info.Size && length is null)
            ? new BlobContent(new MemoryStream([], writable: false), 0, info.Size)
            : throw OutOfRange(info.Key, offset, length, info.Size);

    private static long TotalFromContentRange(GetObjectResponse response, string key)
    {
        // "bytes 0-99/1234": the size of the whole object follows the slash.
        var header = response.ContentRange;
        var slash = header?.LastIndexOf('/') ?? -1;
        return slash >= 0 && long.TryParse(header.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var total)
            ? total
            : throw new BlobStoreException($"S3 answered a range read of '{key}' without its size (Content-Range '{header}')");
    }

    private static ArgumentOutOfRangeException OutOfRange(string key, long offset, long? length, long? total) =>
        new(nameof(offset), $"range {offset}+{length} outside blob '{key}'{(total is { } t ? $" of {t} bytes" : string.Empty)}");

    private static DateTime Utc(DateTime? time) => time switch
    {
        null => DateTime.UnixEpoch,
        { Kind: DateTimeKind.Utc } utc => utc,
        { Kind: DateTimeKind.Local } local => local.ToUniversalTime(),
        { } unspecified => DateTime.SpecifyKind(unspecified, DateTimeKind.Utc),
    };
}
