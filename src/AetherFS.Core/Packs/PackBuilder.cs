using System.Security.Cryptography;
using AetherFS.Core.Blocks;

namespace AetherFS.Core.Packs;

/// <summary>
/// Gathers chunk payloads into one pack (the client before an upload, the hub for single uploads and garbage
/// collection's rewrites), written as they come to a spool file, then <see cref="Build"/>s it: memory holds a
/// write buffer, not the pack. The caller adds only payloads it has encoded or verified itself; the hub verifies
/// every chunk of every pack it receives anyway.
/// </summary>
public sealed class PackBuilder : IDisposable
{
    private const int WriteBuffer = 1024 * 1024;
    private readonly List<(Sha256Key Key, PackChunk Chunk)> _chunks = [];
    private readonly List<StoredDelta> _deltas = [];
    private readonly HashSet<Sha256Key> _keys = [];
    private readonly string _directory;
    private readonly int _targetSize;
    private readonly byte[] _recordHeader = new byte[PackFormat.RecordHeaderSize];
    private FileStream? _file;
    private string? _path;
    private long _length;

    /// <param name="directory">Where spool files go: beside the store, where one is renamed into place.</param>
    public PackBuilder(string directory, int targetSize = PackFormat.TargetSize)
    {
        _directory = directory;
        _targetSize = targetSize;
    }

    public int Count => _chunks.Count;

    /// <summary>Bytes added so far (headers and payloads).</summary>
    public long Length => _length;

    /// <summary>Whether the pack has reached its target size or chunk limit: build it and start another.</summary>
    public bool IsFull => _length >= _targetSize || _chunks.Count >= PackFormat.MaxChunks;

    /// <summary>Appends one chunk's payload (a <see cref="BlockPayload"/>); a chunk already in this pack is skipped.</summary>
    public void Add(string signature, ReadOnlySpan<byte> payload) =>
        Add(signature, payload, BlockPayload.ReadHeader(payload, signature).RawLength);

    /// <summary>
    /// Appends one chunk's stored record as it is (a payload sealed for storage, whose header does not show the raw
    /// length), with the raw length it decodes to; a chunk already in this pack is skipped.
    /// </summary>
    /// <param name="delta">Set when the record is a delta a store keeps: the pack's index lists its bases.</param>
    public void Add(string signature, ReadOnlySpan<byte> stored, int rawLength, StoredDelta? delta = null)
    {
        var key = Sha256Key.Parse(signature);
        if (_chunks.Count >= PackFormat.MaxChunks)
        {
            throw new InvalidOperationException($"a pack holds at most {PackFormat.MaxChunks} chunks");
        }

        if (_keys.Contains(key))
        {
            return;
        }

        var file = Open();
        PackFormat.WriteRecordHeader(_recordHeader, key, stored.Length);
        file.Write(_recordHeader);
        file.Write(stored);
        var offset = _length + PackFormat.RecordHeaderSize;
        _length = offset + stored.Length;
        _keys.Add(key);
        _chunks.Add((key, new PackChunk(signature, offset, stored.Length, rawLength)));
        if (delta is not null)
        {
            _deltas.Add(delta);
        }
    }

    /// <summary>Writes header, trailer and footer and names the pack; the builder is empty afterwards.</summary>
    public BuiltPack Build()
    {
        if (_chunks.Count == 0 || _file is null || _path is null)
        {
            throw new InvalidOperationException("a pack holds at least one chunk");
        }

        var entry = new byte[PackFormat.TrailerEntrySize];
        foreach (var (key, chunk) in _chunks)
        {
            PackFormat.WriteTrailerEntry(entry, key, chunk);
            _file.Write(entry);
        }

        Span<byte> nonce = stackalloc byte[PackFormat.NonceSize];
        RandomNumberGenerator.Fill(nonce);
        Span<byte> footer = stackalloc byte[PackFormat.FooterSize];
        PackFormat.WriteFooter(footer, nonce, _chunks.Count);
        _file.Write(footer);
        var header = new byte[PackFormat.HeaderSize];
        PackFormat.WriteHeader(header, _chunks.Count);
        _file.Position = 0;
        _file.Write(header);
        _file.Flush();

        // The name covers the header written last: hash the file once more (from the page cache).
        _file.Position = 0;
        var id = Convert.ToHexStringLower(SHA256.HashData(_file));
        var built = new BuiltPack(id, _path, _file.Length, _chunks.Select(c => c.Chunk).ToList(), [.. _deltas]);
        _file.Dispose();
        _file = null;
        _path = null;
        _length = 0;
        _chunks.Clear();
        _deltas.Clear();
        _keys.Clear();
        return built;
    }

    public void Dispose()
    {
        _file?.Dispose();
        if (_path is not null)
        {
            File.Delete(_path);
        }
    }

    private FileStream Open()
    {
        if (_file is not null)
        {
            return _file;
        }

        Directory.CreateDirectory(_directory);
        _path = System.IO.Path.Join(_directory, "pack-" + Guid.NewGuid().ToString("N"));
        _file = new FileStream(_path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, WriteBuffer);
        _file.Write(new byte[PackFormat.HeaderSize]);
        _length = PackFormat.HeaderSize;
        return _file;
    }
}
