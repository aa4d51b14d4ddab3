using System.Globalization;
using AetherFS.Core.Blocks;
using Microsoft.Win32.SafeHandles;

namespace AetherFS.Client.Caching;

/// <summary>
/// One segment of the cache, <c>segments/{NNNNNNNN}.log</c>: records (<see cref="CacheRecordHeader"/>, payload)
/// one after another, plus what this instance knows of it (its length, when a block in it was last used).
/// <para>
/// Beside the log, <c>{NNNNNNNN}.lock</c> is held, with an exclusive flock (.NET takes one for
/// <see cref="FileShare.None"/>, and the kernel drops it when its process dies), by whoever may change the log: the
/// one process appending to it, or one evicting it. So two processes never append to one log, and none deletes a
/// log another still appends to. The lock is a file of its own because .NET takes a shared flock on every other
/// handle it opens, readers' too: an exclusive one on the log would fail whenever a block in it is being read.
/// Readers never take the lock: a log only grows, loses a torn tail or goes away
/// whole, so a reader finds the record it indexed, or a record that fails its checks, or no file. Were .NET's file
/// locking turned off (<c>DOTNET_SYSTEM_IO_DISABLEFILELOCKING</c>), two processes could append to one log: their
/// records would be damaged, never wrong, since every read verifies.
/// </para>
/// Not thread-safe: <see cref="DiskBlockCache"/> changes it under its own lock; reads, and writes at offsets
/// reserved under that lock, run outside it.
/// </summary>
internal sealed class CacheSegment : IDisposable
{
    public const string LogExtension = ".log";
    public const string LockExtension = ".lock";
    private const FileShare SharedWithEveryone = FileShare.ReadWrite | FileShare.Delete;

    private SafeFileHandle? _lock;
    private SafeFileHandle? _log;

    public CacheSegment(string directory, long sequence)
    {
        Sequence = sequence;
        LogPath = Path.Join(directory, NameOf(sequence, LogExtension));
        LockPath = Path.Join(directory, NameOf(sequence, LockExtension));
    }

    /// <summary>The number in the file's name: new segments take the highest yet plus one.</summary>
    public long Sequence { get; }

    public string LogPath { get; }

    public string LockPath { get; }

    /// <summary>
    /// The file's length as this instance knows it, torn or unusable records included: what it counts against the
    /// budget. While this instance appends, the offset of the next record.
    /// </summary>
    public long Length { get; set; }

    /// <summary>Where the last whole record found by <see cref="Scan"/> ends; the next scan starts there.</summary>
    public long ScannedEnd { get; private set; }

    /// <summary>When a block in the segment was last put or read, on the cache's clock: the segment's recency.</summary>
    public long LastTouch { get; set; }

    /// <summary>Records reserved in the segment and not yet written: it is neither evicted nor let go meanwhile.</summary>
    public int PendingWrites { get; set; }

    /// <summary>This instance holds the lock.</summary>
    public bool IsClaimed => _lock is not null;

    /// <summary>This instance holds the lock and the log open for appending.</summary>
    public bool IsOpenForAppend => _log is not null;

    public static string NameOf(long sequence, string extension) => sequence.ToString("D8", CultureInfo.InvariantCulture) + extension;

    /// <summary>The sequence of a segment's log or lock file name; false for any other name (temp files, strays).</summary>
    public static bool TryParseName(string fileName, string extension, out long sequence)
    {
        sequence = 0;
        var digits = fileName.AsSpan();
        if (!digits.EndsWith(extension, StringComparison.Ordinal))
        {
            return false;
        }

        digits = digits[..^extension.Length];
        return digits.Length >= 8 && !digits.ContainsAnyExceptInRange('0', '9')
            && long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out sequence);
    }

    /// <summary>
    /// Creates segment <paramref name="sequence"/> (lock file first, then the log, both with
    /// <see cref="FileMode.CreateNew"/>), claimed and open for appending; null when another process took the number.
    /// </summary>
    public static CacheSegment? TryCreate(string directory, long sequence)
    {
        var segment = new CacheSegment(directory, sequence);
        try
        {
            segment._lock = File.OpenHandle(segment.LockPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException) when (File.Exists(segment.LockPath))
        {
            return null;
        }

        try
        {
            segment._log = File.OpenHandle(segment.LogPath, FileMode.CreateNew, FileAccess.ReadWrite, SharedWithEveryone);
            return segment;
        }
        catch (IOException) when (File.Exists(segment.LogPath))
        {
            // A log whose lock file was gone: nobody appends to it, and the lock file now beside it lets it be claimed.
            segment.Dispose();
            return null;
        }
        catch
        {
            File.Delete(segment.LockPath);
            segment.Dispose();
            throw;
        }
    }

    /// <summary>Takes the lock without waiting. A lock file whose log is gone (evicted by another) is removed while held.</summary>
    public CacheSegmentClaim TryClaim()
    {
        if (_lock is not null)
        {
            return CacheSegmentClaim.Claimed;
        }

        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (DirectoryNotFoundException)
        {
            return CacheSegmentClaim.Gone;
        }
        catch (IOException)
        {
            return CacheSegmentClaim.Busy;
        }

        if (!File.Exists(LogPath))
        {
            File.Delete(LockPath);
            handle.Dispose();
            return CacheSegmentClaim.Gone;
        }

        _lock = handle;
        return CacheSegmentClaim.Claimed;
    }

    /// <summary>
    /// Reads the record headers after <see cref="ScannedEnd"/>, seeking past the payloads, and reports each whole
    /// record. Stops at the end of the file, at a record the file is too short to hold (torn by a crash, or still
    /// being written by another process) and at a header that is not one: what follows is not trusted.
    /// </summary>
    public void Scan(Action<CacheRecordHeader, long> found)
    {
        using var handle = File.OpenHandle(LogPath, FileMode.Open, FileAccess.Read, SharedWithEveryone);
        var length = RandomAccess.GetLength(handle);
        Span<byte> buffer = stackalloc byte[CacheRecordHeader.Size];
        var offset = ScannedEnd;
        while (offset + CacheRecordHeader.Size <= length
            && RandomAccess.Read(handle, buffer, offset) == CacheRecordHeader.Size
            && CacheRecordHeader.TryRead(buffer, out var header)
            && offset + header.RecordLength <= length)
        {
            found(header, offset);
            offset += header.RecordLength;
        }

        ScannedEnd = offset;
        Length = length;
    }

    /// <summary>Opens the log of a claimed segment for appending after its last whole record, cutting off anything after it.</summary>
    public void OpenForAppend()
    {
        if (_lock is null)
        {
            throw new InvalidOperationException($"segment {Sequence} is not claimed");
        }

        _log ??= File.OpenHandle(LogPath, FileMode.Open, FileAccess.ReadWrite, SharedWithEveryone);
        if (RandomAccess.GetLength(_log) > ScannedEnd)
        {
            RandomAccess.SetLength(_log, ScannedEnd);
        }

        Length = ScannedEnd;
    }

    public ValueTask WriteAsync(long offset, ReadOnlyMemory<byte> header, ReadOnlyMemory<byte> payload) =>
        RandomAccess.WriteAsync(_log ?? throw NotOpen(), [header, payload], offset);

    public void Write(long offset, ReadOnlyMemory<byte> header, ReadOnlyMemory<byte> payload) =>
        RandomAccess.Write(_log ?? throw NotOpen(), [header, payload], offset);

    /// <summary>
    /// The record at <paramref name="offset"/>, header and payload. Throws <see cref="DigestMismatchException"/>
    /// when the file ends before it or its header is not the one expected, and <see cref="FileNotFoundException"/>
    /// when the segment is gone.
    /// </summary>
    public async Task<PooledBuffer> ReadAsync(long offset, int payloadLength, string signature, CancellationToken cancellationToken)
    {
        using var handle = File.OpenHandle(LogPath, FileMode.Open, FileAccess.Read, SharedWithEveryone, FileOptions.Asynchronous);
        var length = CacheRecordHeader.Size + payloadLength;
        var record = new PooledBuffer(length);
        try
        {
            while (record.Length < length)
            {
                var read = await RandomAccess.ReadAsync(handle, record.Array.AsMemory(record.Length, length - record.Length), offset + record.Length, cancellationToken);
                if (read == 0)
                {
                    throw DigestMismatchException.Undecodable(signature, $"segment {Sequence} ends inside its record");
                }

                record.Length += read;
            }

            if (!CacheRecordHeader.TryRead(record.Span, out var header) || header != new CacheRecordHeader(signature, payloadLength))
            {
                throw DigestMismatchException.Undecodable(signature, $"its record header in segment {Sequence} is damaged");
            }

            return record;
        }
        catch
        {
            record.Dispose();
            throw;
        }
    }

    /// <summary>Removes the log, then the lock file, then lets go of the lock: only while claimed, so nobody appends to it.</summary>
    public void Delete()
    {
        File.Delete(LogPath);
        File.Delete(LockPath);
        Dispose();
    }

    /// <summary>Closes the log and lets go of the lock, as this process's end would: another may then claim the segment.</summary>
    public void Dispose()
    {
        _log?.Dispose();
        _log = null;
        _lock?.Dispose();
        _lock = null;
    }

    private InvalidOperationException NotOpen() => new($"segment {Sequence} is not open for appending");
}
