using System.Security.Cryptography;
using AetherFS.Core.Manifests;

namespace AetherFS.Core.Packing;

/// <summary>
/// A read-only stream of every file's bytes, concatenated in entry order: the packed stream that is cut into
/// blocks. It hashes each file as it goes and fails if a file's size changes while it is read.
/// </summary>
public sealed class PackedReadStream : Stream
{
    private readonly IReadOnlyList<PackEntry> _entries;
    private readonly string?[] _fileHashes;
    private readonly IncrementalHash? _hash;
    private int _index = -1;
    private FileStream? _current;
    private long _remainingInFile;
    private long _position;

    /// <param name="hashFiles">Compute each file's SHA-256 for the manifest (a second hash pass over the data).</param>
    public PackedReadStream(IReadOnlyList<PackEntry> entries, bool hashFiles = true)
    {
        _entries = entries;
        _fileHashes = new string?[entries.Count];
        _hash = hashFiles ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    /// <summary>The entries, with each file's SHA-256 when hashing files; valid once the stream has been read to its end.</summary>
    public IReadOnlyList<ManifestEntry> HashedEntries() =>
        _entries.Select((e, i) => _fileHashes[i] is { } hash ? e.Entry with { Sha256 = hash } : e.Entry).ToList();

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        while (true)
        {
            if (_current is null && !OpenNext())
            {
                return 0;
            }

            if (buffer.Length == 0)
            {
                return 0;
            }

            var want = (int)Math.Min(buffer.Length, _remainingInFile);
            var read = want == 0 ? 0 : _current!.Read(buffer[..want]);
            if (read == 0)
            {
                FinishFile();
                continue;
            }

            _hash?.AppendData(buffer[..read]);
            _remainingInFile -= read;
            _position += read;
            return read;
        }
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

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
            _current?.Dispose();
            _hash?.Dispose();
        }

        base.Dispose(disposing);
    }

    private bool OpenNext()
    {
        while (++_index < _entries.Count)
        {
            var (entry, source, _, _) = _entries[_index];
            if (entry.Type != EntryType.File)
            {
                continue;
            }

            try
            {
                // bufferSize 0: the caller's buffer is large; a second buffer would only copy.
                _current = new FileStream(source!, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0, FileOptions.SequentialScan);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new PackingException($"cannot read '{source}': {e.Message}", e);
            }

            _remainingInFile = entry.Size;
            return true;
        }

        return false;
    }

    private void FinishFile()
    {
        var (entry, source, _, _) = _entries[_index];
        var extra = _current!.Read(stackalloc byte[1]);
        _current.Dispose();
        _current = null;
        if (_remainingInFile != 0 || extra != 0)
        {
            throw new PackingException($"'{source}' changed while it was being pushed (expected {entry.Size} bytes)");
        }

        if (_hash is not null)
        {
            _fileHashes[_index] = Convert.ToHexStringLower(_hash.GetHashAndReset());
        }
    }
}
