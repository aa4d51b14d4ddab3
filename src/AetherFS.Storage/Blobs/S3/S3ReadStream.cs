using Amazon.S3.Model;

namespace AetherFS.Storage.Blobs.S3;

/// <summary>
/// The body of a ranged GET that picks up where it stopped when the connection fails mid-way: it asks again for
/// the rest of the range, pinned to the object's ETag, so a blob replaced meanwhile fails rather than mixes versions.
/// </summary>
internal sealed class S3ReadStream : Stream
{
    /// <summary>Opens the bytes from an offset (relative to this stream's start) to its end.</summary>
    public delegate Task<GetObjectResponse> Reopen(long offset, CancellationToken cancellationToken);

    private readonly Reopen _reopen;
    private readonly S3RetryPolicy _retry;
    private readonly long _length;
    private readonly TimeSpan _stallTimeout;
    private GetObjectResponse _response;
    private long _position;

    /// <param name="stallTimeout">How long one read may wait for bytes: the SDK's timeout ends with the response headers.</param>
    public S3ReadStream(GetObjectResponse response, long length, Reopen reopen, S3RetryPolicy retry, TimeSpan stallTimeout)
    {
        _stallTimeout = stallTimeout;
        _response = response;
        _length = length;
        _reopen = reopen;
        _retry = retry;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var remaining = _length - _position;
        if (remaining <= 0 || buffer.Length == 0)
        {
            return 0;
        }

        buffer = buffer[..(int)Math.Min(buffer.Length, remaining)];
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                int read;
                using (var timer = new CancellationTokenSource(_stallTimeout, _retry.Time))
                using (var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token))
                {
                    read = await _response.ResponseStream.ReadAsync(buffer, stall.Token);
                }

                if (read == 0)
                {
                    throw new IOException($"S3 response ended after {_position} of {_length} bytes");
                }

                _position += read;
                return read;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && attempt < _retry.MaxAttempts && S3Errors.IsTransient(e))
            {
                _response.Dispose();
                await _retry.WaitBeforeAsync(attempt + 1, cancellationToken);
                _response = await _reopen(_position, cancellationToken);
            }
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _response.Dispose();
        }

        base.Dispose(disposing);
    }
}
