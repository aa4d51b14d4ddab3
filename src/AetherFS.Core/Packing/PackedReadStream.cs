using System.Security.Cryptography;
using AetherFS.Core.Interop;
using AetherFS.Core.Manifests;

namespace AetherFS.Core.Packing;

/// <summary>
/// A read-only stream of every file's bytes, concatenated in entry order: the packed stream that is cut into
/// blocks. It hashes each file as it goes, and once a file is read compares what lstat says of it with what the
/// scan recorded (size, mtime, ctime, inode): any write in between, even in place and of the same size, changes the
/// ctime, and then it throws <see cref="SourceChangedException"/> rather than let a mix of old and new bytes through.
/// </summary>
public sealed class PackedReadStream : Stream
{
    private readonly IReadOnlyList<PackEntry> _entries;
    private readonly string?[] _fileHashes;
    private readonly IncrementalHash? _hash;
    private readonly Action<string>? _afterFileRead;
    private int _index = -1;
    private FileStream? _current;
    private long _remainingInFile;
    private long _position;

    /// <param name="hashFiles">Compute each file's SHA-256 for the manifest (a second hash pass over the data).</param>
    /// <param name="afterFileRead">Called with each file's source path once its bytes are read, before it is checked
    /// for changes: the seam tests use to change a file at the worst moment.</param>
    public PackedReadStream(IReadOnlyList<PackEntry> entries, bool hashFiles = true, Action<string>? afterFileRead = null)
    {
        _afterFileRead = afterFileRead;
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
        var (entry, source, inode, changedAt) = _entries[_index];
        var extra = _current!.Read(stackalloc byte[1]);
        _current.Dispose();
        _current = null;
        _afterFileRead?.Invoke(source!);
        if (_remainingInFile != 0 || extra != 0 || Changed(source!, entry, inode, changedAt))
        {
            throw new SourceChangedException(source!);
        }

        if (_hash is not null)
        {
            _fileHashes[_index] = Convert.ToHexStringLower(_hash.GetHashAndReset());
        }
    }

    // Entries without a recorded inode and ctime (made by hand, not by a scan) are checked by size alone.
    private static bool Changed(string source, ManifestEntry entry, long inode, DateTime changedAt)
    {
        if (inode == 0 && changedAt == default)
        {
            return false;
        }

        UnixFileStatus now;
        try
        {
            now = UnixFileStatus.Read(source);
        }
        catch (IOException)
        {
            return true;
        }

        return now.Size != entry.Size || now.ModifiedAt != entry.ModifiedAt || now.ChangedAt != changedAt || now.Inode != inode;
    }
}
