using System.Buffers;

namespace AetherFS.Serving.FileServer;

/// <summary>
/// A write-only stream that holds framing bytes (multipart part headers) back until data follows them, so the
/// response does not start before the first block has been read and verified: a corrupt first block can still
/// be answered with a clean 500 rather than a broken body.
/// </summary>
internal sealed class PendingPrefixStream : Stream
{
    private readonly Stream _inner;
    private readonly ArrayBufferWriter<byte> _pending = new(256);

    public PendingPrefixStream(Stream inner) => _inner = inner;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Queues bytes to go out just before the next data written, or at <see cref="WritePendingAsync"/>.</summary>
    public void Append(ReadOnlySpan<byte> bytes) => _pending.Write(bytes);

    /// <summary>Writes the queued bytes now (the closing boundary, which no data follows).</summary>
    public async ValueTask WritePendingAsync(CancellationToken cancellationToken)
    {
        if (_pending.WrittenCount > 0)
        {
            await _inner.WriteAsync(_pending.WrittenMemory, cancellationToken);
            _pending.ResetWrittenCount();
        }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await WritePendingAsync(cancellationToken);
        await _inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    // The response body allows only asynchronous writes; nothing here writes synchronously.
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
