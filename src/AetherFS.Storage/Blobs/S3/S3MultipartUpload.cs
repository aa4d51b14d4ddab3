using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging;

namespace AetherFS.Storage.Blobs.S3;

/// <summary>
/// Uploads a large object in parts, several at a time, each retried on its own, so a failure costs one part rather
/// than the whole object. The object appears only when the upload completes, all at once, like a single PUT.
/// </summary>
internal sealed partial class S3MultipartUpload
{
    private readonly AmazonS3Client _client;
    private readonly S3BlobStoreOptions _options;
    private readonly S3RetryPolicy _retry;
    private readonly ILogger _logger;

    public S3MultipartUpload(AmazonS3Client client, S3BlobStoreOptions options, S3RetryPolicy retry, ILogger logger)
    {
        _client = client;
        _options = options;
        _retry = retry;
        _logger = logger;
    }

    public Task UploadAsync(string key, string objectKey, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
        UploadPartsAsync(key, objectKey, content.Length, (uploadId, number, start, length, last, token) =>
            UploadPartAsync(key, objectKey, uploadId, number, content.Slice((int)start, length), last, token), cancellationToken);

    /// <summary>Uploads a file part by part, each read into a pooled buffer just before it is sent: memory holds the parts in flight.</summary>
    public async Task UploadFileAsync(string key, string objectKey, string path, CancellationToken cancellationToken)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous);
        await UploadPartsAsync(key, objectKey, RandomAccess.GetLength(handle), async (uploadId, number, start, length, last, token) =>
        {
            var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(length);
            try
            {
                await RandomAccess.ReadAsync(handle, buffer.AsMemory(0, length), start, token);
                return await UploadPartAsync(key, objectKey, uploadId, number, buffer.AsMemory(0, length), last, token);
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            }
        }, cancellationToken);
    }

    private async Task UploadPartsAsync(string key, string objectKey, long size, Func<string, int, long, int, bool, CancellationToken, Task<PartETag>> uploadPart, CancellationToken cancellationToken)
    {
        var started = await _retry.ExecuteAsync("start multipart upload", key, token => _client.InitiateMultipartUploadAsync(
            S3ServerSideEncryption.Apply(_options, new InitiateMultipartUploadRequest { BucketName = _options.Bucket, Key = objectKey, ContentType = "application/octet-stream" }), token), cancellationToken);
        var uploadId = started.UploadId;
        try
        {
            var partCount = (int)((size + _options.PartSize - 1) / _options.PartSize);
            var etags = new PartETag[partCount];
            await Parallel.ForEachAsync(
                Enumerable.Range(0, partCount),
                new ParallelOptions { MaxDegreeOfParallelism = _options.PartConcurrency, CancellationToken = cancellationToken },
                async (index, token) =>
                {
                    var start = (long)index * _options.PartSize;
                    var length = (int)Math.Min(_options.PartSize, size - start);
                    etags[index] = await uploadPart(uploadId, index + 1, start, length, index == partCount - 1, token);
                });

            await CompleteAsync(key, objectKey, uploadId, size, etags, cancellationToken);
            Log.Uploaded(_logger, key, size, partCount);
        }
        catch
        {
            await AbortAsync(key, objectKey, uploadId);
            throw;
        }
    }

    private async Task<PartETag> UploadPartAsync(string key, string objectKey, string uploadId, int number, ReadOnlyMemory<byte> part, bool last, CancellationToken cancellationToken)
    {
        var response = await _retry.ExecuteAsync($"upload part {number}", key, async token =>
        {
            using var body = S3BlobStore.AsStream(part);
            return await _client.UploadPartAsync(
                new UploadPartRequest
                {
                    BucketName = _options.Bucket,
                    Key = objectKey,
                    UploadId = uploadId,
                    PartNumber = number,
                    PartSize = part.Length,
                    InputStream = body,
                    IsLastPart = last,
                    UseChunkEncoding = false,
                },
                token);
        }, cancellationToken);
        return new PartETag(number, response.ETag);
    }

    private async Task CompleteAsync(string key, string objectKey, string uploadId, long size, PartETag[] etags, CancellationToken cancellationToken)
    {
        var attempts = 0;
        await _retry.ExecuteAsync("complete multipart upload", key, async token =>
        {
            attempts++;
            try
            {
                return await _client.CompleteMultipartUploadAsync(
                    new CompleteMultipartUploadRequest { BucketName = _options.Bucket, Key = objectKey, UploadId = uploadId, PartETags = [.. etags] },
                    token);
            }
            catch (AmazonS3Exception e) when (e.ErrorCode == "NoSuchUpload" && attempts > 1)
            {
                // An earlier attempt may have completed the upload and only its answer was lost.
                var stored = await _client.GetObjectMetadataAsync(_options.Bucket, objectKey, token);
                if (stored.ContentLength != size)
                {
                    throw;
                }

                return new CompleteMultipartUploadResponse();
            }
        }, cancellationToken);
    }

    private async Task AbortAsync(string key, string objectKey, string uploadId)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _client.AbortMultipartUploadAsync(_options.Bucket, objectKey, uploadId, timeout.Token);
        }
        catch (Exception e)
        {
            // Parts left behind cost space until the bucket's lifecycle rule for incomplete uploads removes them.
            Log.AbortFailed(_logger, key, uploadId, e.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "S3 multipart upload of '{Key}' complete: {Bytes} bytes in {Parts} parts")]
        public static partial void Uploaded(ILogger logger, string key, long bytes, int parts);

        [LoggerMessage(2, LogLevel.Warning, "S3 multipart upload {UploadId} of '{Key}' could not be aborted: {Message}")]
        public static partial void AbortFailed(ILogger logger, string key, string uploadId, string message);
    }
}
