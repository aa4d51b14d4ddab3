using AetherFS.Core.Interop;
using AetherFS.Core.Manifests;
using Microsoft.Win32.SafeHandles;

namespace AetherFS.Core.Packing;

/// <summary>
/// Unpacks the packed stream into a fresh directory: bytes arrive in stream order and are routed to the files
/// of the manifest in turn. Symlinks are made last and nothing is ever written through one; directory modes and
/// mtimes are set after their contents, deepest first. Files are written sparse: all-zero stretches become holes.
/// </summary>
public sealed class DatasetWriter : IDisposable
{
    // The file system's usual block: a stretch of zeros this size, aligned to it, is a block never allocated.
    private const int HoleGranularity = 4096;
    private readonly string _root;
    private readonly IReadOnlyList<ManifestEntry> _entries;
    private readonly HashSet<string> _directories = new(StringComparer.Ordinal);
    private readonly bool _keepSpecialBits;
    private int _index = -1;
    private SafeFileHandle? _current;
    private long _writtenInFile;

    // Where the current file's written bytes end: short of its size when it ends in zeros that were skipped.
    private long _fileEnd;

    /// <param name="root">An existing, empty directory; the manifest must already be validated.</param>
    /// <param name="keepSpecialBits">
    /// Restore setuid, setgid and sticky bits as recorded. Off by default: any manifest may record them, and a root
    /// pull would then create set-user-id files from whoever published the dataset (tar drops them too unless asked).
    /// </param>
    public DatasetWriter(string root, IReadOnlyList<ManifestEntry> entries, bool keepSpecialBits = false)
    {
        _root = Path.GetFullPath(root);
        _entries = entries;
        _keepSpecialBits = keepSpecialBits;
        foreach (var entry in entries)
        {
            if (entry.Type == EntryType.Directory)
            {
                EnsureDirectory(FullPath(entry));
            }
        }
    }

    /// <summary>Bytes written so far.</summary>
    public long Position { get; private set; }

    /// <summary>Writes the next bytes of the packed stream.</summary>
    public void Write(ReadOnlySpan<byte> data)
    {
        while (data.Length > 0)
        {
            if (_current is null)
            {
                OpenNextFile();
                if (_current is null)
                {
                    throw new PackingException($"packed stream is longer than the files of the manifest ({Position} bytes written)");
                }
            }

            var entry = _entries[_index];
            var take = (int)Math.Min(data.Length, entry.Size - _writtenInFile);
            if (WriteSkippingZeros(_current, data[..take], _writtenInFile) is var end and > 0)
            {
                _fileEnd = _writtenInFile + end;
            }

            _writtenInFile += take;
            Position += take;
            data = data[take..];
            if (_writtenInFile == entry.Size)
            {
                CloseFile();
            }
        }
    }

    /// <summary>Creates the files after the last byte, the symlinks, and sets directory attributes.</summary>
    public void Complete()
    {
        if (_current is not null)
        {
            throw new PackingException($"packed stream ended early, inside '{_entries[_index].Path}'");
        }

        OpenNextFile();
        if (_current is not null)
        {
            throw new PackingException($"packed stream ended early, inside '{_entries[_index].Path}'");
        }

        foreach (var entry in _entries)
        {
            if (entry.Type == EntryType.Symlink)
            {
                var path = FullPath(entry);
                EnsureDirectory(Path.GetDirectoryName(path)!);
                File.CreateSymbolicLink(path, entry.Target!);
                SymlinkTimes.SetModified(path, entry.ModifiedAt);
            }
        }

        for (var i = _entries.Count - 1; i >= 0; i--)
        {
            var entry = _entries[i];
            if (entry.Type == EntryType.Directory)
            {
                var path = FullPath(entry);
                File.SetUnixFileMode(path, ModeOf(entry));
                Directory.SetLastWriteTimeUtc(path, entry.ModifiedAt);
            }
        }
    }

    public void Dispose() => _current?.Dispose();

    // Opens the next file that has bytes, creating the empty files it passes on the way.
    private void OpenNextFile()
    {
        while (++_index < _entries.Count)
        {
            var entry = _entries[_index];
            if (entry.Type != EntryType.File)
            {
                continue;
            }

            var path = FullPath(entry);
            EnsureDirectory(Path.GetDirectoryName(path)!);
            _current = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, FileOptions.None);
            _writtenInFile = 0;
            _fileEnd = 0;
            if (entry.Size > 0)
            {
                return;
            }

            CloseFile();
        }
    }

    // The permission bits only, unless special bits were asked for.
    private UnixFileMode ModeOf(ManifestEntry entry) => (UnixFileMode)(_keepSpecialBits ? entry.Mode : entry.Mode & 0x1FF);

    // Every file is new, so what is not written reads as zeros: skipping the all-zero pieces leaves holes, and a 64 MiB
    // file with a few KiB of data takes a few KiB of disk, as it did where it was pushed from.
    // Returns where the last bytes written end within data (0 when all of it was zeros).
    private static int WriteSkippingZeros(SafeFileHandle file, ReadOnlySpan<byte> data, long offset)
    {
        var end = 0;
        var runStart = -1;
        var position = 0;
        while (position < data.Length)
        {
            var pieceEnd = (int)Math.Min(data.Length, position + HoleGranularity - ((offset + position) % HoleGranularity));
            var zero = !data[position..pieceEnd].ContainsAnyExcept((byte)0);
            if (zero && runStart >= 0)
            {
                RandomAccess.Write(file, data[runStart..position], offset + runStart);
                end = position;
                runStart = -1;
            }
            else if (!zero && runStart < 0)
            {
                runStart = position;
            }

            position = pieceEnd;
        }

        if (runStart >= 0)
        {
            RandomAccess.Write(file, data[runStart..], offset + runStart);
            end = data.Length;
        }

        return end;
    }

    private void CloseFile()
    {
        var entry = _entries[_index];
        if (_fileEnd < entry.Size)
        {
            // A file ending in zeros ends in a hole: its length is set, not written.
            RandomAccess.SetLength(_current!, entry.Size);
        }

        File.SetUnixFileMode(_current!, ModeOf(entry));
        File.SetLastWriteTimeUtc(_current!, entry.ModifiedAt);
        _current!.Dispose();
        _current = null;
    }

    // Most files share a parent with the one before: remember what exists instead of asking the kernel each time.
    private void EnsureDirectory(string path)
    {
        if (_directories.Add(path))
        {
            Directory.CreateDirectory(path);
        }
    }

    private string FullPath(ManifestEntry entry) => Path.Join(_root, entry.Path);
}
