namespace AetherFS.Protocol.Tests.Grpc;

/// <summary>
/// A read-only stream that hands out its bytes a few at a time, as a network peer does; when it stays open it then
/// goes silent, like a peer that has sent part of a message and waits.
/// </summary>
internal sealed class TrickleStream : Stream
{
    private readonly byte[] _data;
    private readonly int _bytesPerRead;
    private readonly bool _staysOpen;
    private int _position;

    public TrickleStream(byte[] data, int bytesPerRead, bool staysOpen = false)
    {
        _data = data;
        _bytesPerRead = bytesPerRead;
        _staysOpen = staysOpen;
    }

    /// <summary>How many reads returned data.</summary>
    public int Reads { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_staysOpen && _position == _data.Length && !buffer.IsEmpty)
        {
            throw new InvalidOperationException("a synchronous read would wait forever");
        }

        var count = Math.Min(Math.Min(buffer.Length, _bytesPerRead), _data.Length - _position);
        _data.AsSpan(_position, count).CopyTo(buffer);
        _position += count;
        Reads += count > 0 ? 1 : 0;
        return count;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_staysOpen && _position == _data.Length && !buffer.IsEmpty)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        // Complete asynchronously, as a socket would, so callers cannot rely on synchronous completion.
        await Task.Yield();
        return Read(buffer.Span);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
