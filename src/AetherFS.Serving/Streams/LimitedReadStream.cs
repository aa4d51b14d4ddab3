namespace AetherFS.Serving.Streams;

/// <summary>
/// A read-only stream that fails, with the exception its owner chooses, once more than a limit of bytes has been read
/// from it: what a caller sends (or what it inflates to) never grows past what the endpoint needs.
/// </summary>
public sealed class LimitedReadStream : Stream
{
    private readonly Stream _inner;
    private readonly long _limit;
    private readonly Func<long, Exception> _exceeded;
    private long _read;

    /// <param name="exceeded">The exception to throw, given the limit, when more is read.</param>
    public LimitedReadStream(Stream inner, long limit, Func<long, Exception> exceeded)
    {
        _inner = inner;
        _limit = limit;
        _exceeded = exceeded;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Count(_inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Count(_inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await _inner.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

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
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Count(int read)
    {
        _read += read;
        return _read <= _limit ? read : throw _exceeded(_limit);
    }
}
