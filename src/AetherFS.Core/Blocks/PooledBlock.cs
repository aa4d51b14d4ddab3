using System.Buffers;

namespace AetherFS.Core.Blocks;

/// <summary>A block's bytes in a pooled buffer (or a shared, immutable one), with its signature computed at most once.</summary>
public sealed class PooledBlock : IDisposable
{
    private readonly bool _pooled;
    private byte[]? _buffer;
    private string? _signature;

    private PooledBlock(byte[] buffer, int length, bool pooled = true, string? signature = null)
    {
        _buffer = buffer;
        Length = length;
        _pooled = pooled;
        _signature = signature;
    }

    /// <summary>The SHA-256 of the bytes, computed on first use so that callers choose the thread that pays for it.</summary>
    public string Signature => _signature ??= BlockSignature.Compute(Memory.Span);

    public int Length { get; }

    public ReadOnlyMemory<byte> Memory => (_buffer ?? throw new ObjectDisposedException(nameof(PooledBlock))).AsMemory(0, Length);

    /// <summary>Takes ownership of a buffer rented from <see cref="ArrayPool{T}.Shared"/>.</summary>
    public static PooledBlock Adopt(byte[] rented, int length) => new(rented, length);

    /// <summary>
    /// Lends bytes that were verified against <paramref name="signature"/> and are never written again (a memory
    /// cache's): no copy, and disposing returns nothing to the pool.
    /// </summary>
    public static PooledBlock Share(byte[] verified, string signature) => new(verified, verified.Length, pooled: false, signature);

    public static PooledBlock Copy(ReadOnlySpan<byte> data)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(data.Length);
        data.CopyTo(buffer);
        return new PooledBlock(buffer, data.Length);
    }

    /// <summary>Throws <see cref="DigestMismatchException"/> unless the bytes hash to <paramref name="expected"/>.</summary>
    public void Verify(string expected)
    {
        if (!string.Equals(Signature, expected, StringComparison.Ordinal))
        {
            throw new DigestMismatchException(expected, Signature);
        }
    }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null && _pooled)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
