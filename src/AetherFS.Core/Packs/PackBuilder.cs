using System.Buffers;
using System.Security.Cryptography;
using AetherFS.Core.Blocks;

namespace AetherFS.Core.Packs;

/// <summary>
/// Gathers chunk payloads into one pack in memory (the client before an upload, garbage collection when it rewrites
/// packs), then <see cref="Build"/>s it. The caller adds only payloads it has encoded or verified itself; the hub
/// verifies every chunk of every pack it receives anyway.
/// </summary>
public sealed class PackBuilder : IDisposable
{
    private readonly List<(Sha256Key Key, PackChunk Chunk)> _chunks = [];
    private readonly HashSet<Sha256Key> _keys = [];
    private readonly int _targetSize;
    private byte[] _buffer;
    private int _length = PackFormat.HeaderSize;

    public PackBuilder(int targetSize = PackFormat.TargetSize)
    {
        _targetSize = targetSize;
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(targetSize, 1024 * 1024) + PackFormat.HeaderSize);
    }

    public int Count => _chunks.Count;

    /// <summary>Bytes added so far (headers and payloads).</summary>
    public int Length => _length;

    /// <summary>Whether the pack has reached its target size or chunk limit: build it and start another.</summary>
    public bool IsFull => _length >= _targetSize || _chunks.Count >= PackFormat.MaxChunks;

    public bool Contains(string signature) => _keys.Contains(Sha256Key.Parse(signature));

    /// <summary>Appends one chunk's payload (a <see cref="BlockPayload"/>); a chunk already in this pack is skipped.</summary>
    public void Add(string signature, ReadOnlySpan<byte> payload)
    {
        var key = Sha256Key.Parse(signature);
        if (_chunks.Count >= PackFormat.MaxChunks)
        {
            throw new InvalidOperationException($"a pack holds at most {PackFormat.MaxChunks} chunks");
        }

        if (!_keys.Add(key))
        {
            return;
        }

        var (_, rawLength) = BlockPayload.ReadHeader(payload, signature);
        Reserve(PackFormat.RecordHeaderSize + payload.Length);
        PackFormat.WriteRecordHeader(_buffer.AsSpan(_length), key, payload.Length);
        var offset = _length + PackFormat.RecordHeaderSize;
        payload.CopyTo(_buffer.AsSpan(offset));
        _length = offset + payload.Length;
        _chunks.Add((key, new PackChunk(signature, offset, payload.Length, rawLength)));
    }

    /// <summary>Writes header, trailer and footer and names the pack; the builder is empty afterwards.</summary>
    public BuiltPack Build()
    {
        if (_chunks.Count == 0)
        {
            throw new InvalidOperationException("a pack holds at least one chunk");
        }

        Reserve((_chunks.Count * PackFormat.TrailerEntrySize) + PackFormat.FooterSize);
        PackFormat.WriteHeader(_buffer, _chunks.Count);
        foreach (var (key, chunk) in _chunks)
        {
            PackFormat.WriteTrailerEntry(_buffer.AsSpan(_length), key, chunk);
            _length += PackFormat.TrailerEntrySize;
        }

        Span<byte> nonce = stackalloc byte[PackFormat.NonceSize];
        RandomNumberGenerator.Fill(nonce);
        PackFormat.WriteFooter(_buffer.AsSpan(_length, PackFormat.FooterSize), nonce, _chunks.Count);
        _length += PackFormat.FooterSize;

        var id = Convert.ToHexStringLower(SHA256.HashData(_buffer.AsSpan(0, _length)));
        var built = new BuiltPack(id, _buffer, _length, _chunks.Select(c => c.Chunk).ToList());
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(_targetSize, 1024 * 1024) + PackFormat.HeaderSize);
        _length = PackFormat.HeaderSize;
        _chunks.Clear();
        _keys.Clear();
        return built;
    }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null!);
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // Grows by doubling (pooled), so a pack of the target size costs a few copies, not one per chunk.
    private void Reserve(int more)
    {
        if (_length + more <= _buffer.Length)
        {
            return;
        }

        var grown = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + more));
        _buffer.AsSpan(0, _length).CopyTo(grown);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = grown;
    }
}
