using System.Formats.Tar;
using System.IO.Compression;
using AetherFS.Core.Interop;
using SharpCompress.Compressors.BZip2;
using SharpCompress.Compressors.Xz;
using ZstdDecompressionStream = SharpCompress.Compressors.ZStandard.DecompressionStream;

namespace AetherFS.Core.Packing;

/// <summary>
/// Extracts a zip, or a tar plain or compressed with gzip, zstd, xz or bzip2, into a new directory so it can be
/// packed like any directory. Every name is checked before anything is written: absolute paths, '..', entries under
/// a file or symlink and symlinks that leave the root are refused, and symlinks are created last so nothing is
/// written through one. What it writes is bounded by <see cref="ArchiveLimits"/>, counted as it is written.
/// </summary>
public sealed class ArchiveExtractor
{
    private const int SymlinkType = 0xA000;
    private const int FileTypeMask = 0xF000;

    private readonly string _destination;
    private readonly ExtractionOptions _options;
    private readonly DateTime _implicitDirectoryTime;
    private readonly Dictionary<string, bool> _seen = new(StringComparer.Ordinal); // path -> is directory
    private readonly List<(string Path, string Target, DateTime ModifiedAt)> _symlinks = [];
    private readonly List<(string Path, int Mode, DateTime ModifiedAt)> _directories = [];

    private readonly ExtractionBudget _budget;

    private ArchiveExtractor(string archive, string destination, ExtractionOptions options)
    {
        _budget = new ExtractionBudget(archive, new FileInfo(archive).Length, options.Limits);
        _destination = destination;
        _options = options;

        // Directories the archive implies but does not list get the archive's own mtime, so that pushing the
        // same archive twice yields the same manifest.
        _implicitDirectoryTime = File.GetLastWriteTimeUtc(archive);
    }

    /// <summary>Extracts <paramref name="archive"/> into <paramref name="destination"/>, an empty directory.</summary>
    public static void Extract(string archive, ArchiveFormat format, string destination, ExtractionOptions? options = null)
    {
        var extractor = new ArchiveExtractor(archive, destination, options ?? ExtractionOptions.Default);
        try
        {
            if (format == ArchiveFormat.Zip)
            {
                extractor.ExtractZip(archive);
            }
            else
            {
                extractor.ExtractTar(archive, format);
            }

            extractor.Finish();
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException or SharpCompress.Common.SharpCompressException)
        {
            throw new PackingException($"'{archive}' is corrupt or truncated: {e.Message}", e);
        }
    }

    private static Stream Decompress(Stream file, ArchiveFormat format) => format switch
    {
        ArchiveFormat.Tar => file,
        ArchiveFormat.TarGzip => new GZipStream(file, CompressionMode.Decompress),
        ArchiveFormat.TarZstd => new ZstdDecompressionStream(file),
        ArchiveFormat.TarXz => new XZStream(file),
        ArchiveFormat.TarBzip2 => BZip2Stream.Create(file, SharpCompress.Compressors.CompressionMode.Decompress, decompressConcatenated: true),
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    private void ExtractZip(string archive)
    {
        using var zip = ZipFile.OpenRead(archive);
        foreach (var entry in zip.Entries)
        {
            var unixMode = (entry.ExternalAttributes >> 16) & 0xFFFF;
            var modified = entry.LastWriteTime.UtcDateTime;
            if (entry.FullName.EndsWith('/'))
            {
                AddDirectory(entry.FullName, unixMode == 0 ? 0x1ED : unixMode & 0xFFF, modified);
            }
            else if ((unixMode & FileTypeMask) == SymlinkType)
            {
                using var reader = new StreamReader(entry.Open());
                AddSymlink(entry.FullName, reader.ReadToEnd(), modified);
            }
            else
            {
                using var content = entry.Open();
                AddFile(entry.FullName, unixMode == 0 ? 0x1A4 : unixMode & 0xFFF, modified, content);
            }
        }
    }

    // TarReader answers some malformed headers with exceptions other than InvalidDataException (found by
    // benchmarks/fuzz: a pax size field larger than the entry, a base-256 number too large for its type); only the
    // reader's code runs here, so each means the archive is wrong and becomes the corrupt-archive error.
    private static TarEntry? NextEntry(TarReader reader)
    {
        try
        {
            return reader.GetNextEntry();
        }
        catch (Exception e) when (e is InvalidOperationException or OverflowException or ArgumentException)
        {
            throw new InvalidDataException(e.Message, e);
        }
    }

    private void ExtractTar(string archive, ArchiveFormat format)
    {
        using var file = File.OpenRead(archive);
        using var input = Decompress(file, format);
        using var reader = new TarReader(input);
        while (NextEntry(reader) is { } entry)
        {
            var mode = (int)entry.Mode & 0xFFF;
            var modified = entry.ModificationTime.UtcDateTime;
            switch (entry.EntryType)
            {
                case TarEntryType.Directory:
                    AddDirectory(entry.Name, mode, modified);
                    break;
                case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                    AddFile(entry.Name, mode, modified, entry.DataStream ?? Stream.Null);
                    break;
                case TarEntryType.SymbolicLink:
                    AddSymlink(entry.Name, entry.LinkName, modified);
                    break;
                case TarEntryType.HardLink:
                    AddHardLink(entry.Name, entry.LinkName, mode, modified);
                    break;
                case TarEntryType.GlobalExtendedAttributes or TarEntryType.ExtendedAttributes:
                    break;
                case TarEntryType.Fifo or TarEntryType.CharacterDevice or TarEntryType.BlockDevice when _options.SkipSpecialEntry is { } skip:
                    _budget.CountEntry();
                    var kind = entry.EntryType switch
                    {
                        TarEntryType.Fifo => "a FIFO",
                        TarEntryType.CharacterDevice => "a character device",
                        _ => "a block device",
                    };
                    var normalized = SafePath.NormalizeArchiveName(entry.Name, out var nameError);
                    skip(new ScanProblem(nameError is null ? normalized : entry.Name, $"is {kind}", Skippable: true));
                    break;
                default:
                    throw new PackingException($"archive entry '{entry.Name}' is a {entry.EntryType}: only files, directories and links are supported");
            }
        }
    }

    private void AddDirectory(string name, int mode, DateTime modified)
    {
        var path = Accept(name, isDirectory: true);
        if (path is { Length: > 0 })
        {
            Directory.CreateDirectory(Path.Join(_destination, path));
            _directories.Add((path, mode, modified));
        }
    }

    private void AddFile(string name, int mode, DateTime modified, Stream content)
    {
        if (Accept(name, isDirectory: false) is not { } path)
        {
            return;
        }

        var full = Path.Join(_destination, path);
        using (var output = new FileStream(full, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0))
        {
            Copy(content, output);
        }

        File.SetUnixFileMode(full, (UnixFileMode)mode);
        File.SetLastWriteTimeUtc(full, modified);
    }

    private void AddHardLink(string name, string linkName, int mode, DateTime modified)
    {
        var source = Strip(SafePath.NormalizeArchiveName(linkName, out var error));
        if (error is not null || source is null || !_seen.TryGetValue(source, out var isDirectory) || isDirectory || _symlinks.Any(s => s.Path == source))
        {
            throw new PackingException($"hard link '{name}' points to '{linkName}', which is not a file earlier in the archive");
        }

        using var content = File.OpenRead(Path.Join(_destination, source));
        AddFile(name, mode, modified, content);
    }

    private void AddSymlink(string name, string target, DateTime modified)
    {
        if (Accept(name, isDirectory: false) is not { } path)
        {
            return;
        }

        var error = SafePath.ValidateSymlinkTarget(path, target);
        if (error is not null)
        {
            throw new PackingException($"refusing archive entry: {error}");
        }

        _symlinks.Add((path, target, modified));
    }

    // Writes a file's content, counting every byte against the limits as it is written: sizes in headers can lie.
    private void Copy(Stream content, Stream output)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            int read;
            while ((read = content.Read(buffer)) > 0)
            {
                _budget.Spend(read);
                output.Write(buffer, 0, read);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // Drops the leading components --strip-components asks for; null when nothing is left of the name.
    private string? Strip(string path)
    {
        var strip = _options.StripComponents;
        if (strip == 0 || path.Length == 0)
        {
            return path;
        }

        var parts = path.Split('/');
        return parts.Length <= strip ? null : string.Join('/', parts[strip..]);
    }

    // Validates a name, creates its parents, and refuses duplicates and entries nested under a non-directory; null
    // when --strip-components leaves nothing of the name (the entry is skipped, as tar does).
    private string? Accept(string name, bool isDirectory)
    {
        _budget.CountEntry();
        var normalized = SafePath.NormalizeArchiveName(name, out var error);
        if (error is not null)
        {
            throw new PackingException($"refusing archive entry '{name}': {error}");
        }

        if (Strip(normalized) is not { } path)
        {
            return null;
        }

        if (path.Length == 0)
        {
            if (!isDirectory)
            {
                throw new PackingException($"refusing archive entry '{name}': it names the root");
            }

            return path;
        }

        for (var slash = path.IndexOf('/'); slash > 0; slash = path.IndexOf('/', slash + 1))
        {
            var parent = path[..slash];
            if (_seen.TryGetValue(parent, out var parentIsDirectory) && !parentIsDirectory)
            {
                throw new PackingException($"refusing archive entry '{name}': '{parent}' is not a directory");
            }

            if (!_seen.ContainsKey(parent))
            {
                _seen[parent] = true;
                _directories.Add((parent, 0x1ED, _implicitDirectoryTime));
                Directory.CreateDirectory(Path.Join(_destination, parent));
            }
        }

        if (_seen.TryGetValue(path, out var existingIsDirectory))
        {
            if (isDirectory && existingIsDirectory)
            {
                return path;
            }

            throw new PackingException($"refusing archive entry '{name}': the archive lists '{path}' twice");
        }

        _seen[path] = isDirectory;
        return path;
    }

    private void Finish()
    {
        foreach (var (path, target, modified) in _symlinks)
        {
            File.CreateSymbolicLink(Path.Join(_destination, path), target);
            SymlinkTimes.SetModified(Path.Join(_destination, path), modified);
        }

        // Later entries for the same directory win; deepest first so a parent's mtime is set after its children.
        foreach (var (path, mode, modified) in _directories.AsEnumerable().Reverse().DistinctBy(d => d.Path).OrderByDescending(d => d.Path, StringComparer.Ordinal))
        {
            var full = Path.Join(_destination, path);
            File.SetUnixFileMode(full, (UnixFileMode)(mode | 0x1C0));
            Directory.SetLastWriteTimeUtc(full, modified);
        }
    }
}
