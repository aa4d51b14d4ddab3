using AetherFS.Serving.Grpc;
using System.Buffers;

namespace AetherFS.Hub.Http;

/// <summary>
/// Gathers an upload (a REST body, the parts of a gRPC client stream: a block, a manifest) into one pooled buffer,
/// refusing to grow past a limit: memory follows what actually arrives, up to that limit, whatever a caller claims.
/// </summary>
internal sealed class PartBuffer : IDisposable
{
    private const int InitialCapacity = 64 * 1024;
    private readonly int _limit;
    private byte[] _buffer;

    /// <param name="expectedLength">What the caller says it will send (Content-Length): the first buffer's size, never a promise.</param>
    public PartBuffer(int limit, long? expectedLength = null)
    {
        _limit = limit;
        _buffer = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(expectedLength ?? InitialCapacity, 1, limit));
    }

    public int Length { get; private set; }

    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(0, Length);

    /// <summary>Appends a part; false (nothing appended) when it would take the buffer past the limit.</summary>
    public bool TryAppend(ReadOnlySpan<byte> part)
    {
        if ((long)Length + part.Length > _limit)
        {
            return false;
        }

        if (Length + part.Length > _buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(_limit, Math.Max(_buffer.Length * 2L, Length + part.Length)));
            _buffer.AsSpan(0, Length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        part.CopyTo(_buffer.AsSpan(Length));
        Length += part.Length;
        return true;
    }

    public void Dispose() => ArrayPool<byte>.Shared.Return(_buffer);
}
