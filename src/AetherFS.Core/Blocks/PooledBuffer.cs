using System.Buffers;

namespace AetherFS.Core.Blocks;

/// <summary>Bytes in a buffer rented from the shared pool, returned on dispose.</summary>
public sealed class PooledBuffer : IDisposable
{
    private byte[]? _buffer;

    public PooledBuffer(int capacity)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(1, capacity));
    }

    public int Length { get; set; }

    public Memory<byte> Memory => Array.AsMemory(0, Length);

    public Span<byte> Span => Array.AsSpan(0, Length);

    /// <summary>The whole rented array, for filling before <see cref="Length"/> is set.</summary>
    public byte[] Array => _buffer ?? throw new ObjectDisposedException(nameof(PooledBuffer));

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
