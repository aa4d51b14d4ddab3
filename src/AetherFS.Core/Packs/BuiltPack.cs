using System.Buffers;

namespace AetherFS.Core.Packs;

/// <summary>A finished pack in a pooled buffer: its name (<see cref="Id"/>), its bytes and the chunks it holds.</summary>
public sealed class BuiltPack : IDisposable
{
    private byte[]? _buffer;

    internal BuiltPack(string id, byte[] buffer, int length, IReadOnlyList<PackChunk> chunks)
    {
        Id = id;
        _buffer = buffer;
        Length = length;
        Chunks = chunks;
    }

    /// <summary>The hex SHA-256 of <see cref="Bytes"/>.</summary>
    public string Id { get; }

    public int Length { get; }

    public ReadOnlyMemory<byte> Bytes => (_buffer ?? throw new ObjectDisposedException(nameof(BuiltPack))).AsMemory(0, Length);

    public IReadOnlyList<PackChunk> Chunks { get; }

    /// <summary>Bytes of chunk payloads, without the pack's own headers and trailer.</summary>
    public long PayloadBytes => Chunks.Sum(c => (long)c.PayloadLength);

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
