namespace AetherFS.Core.Packing;

/// <summary>
/// Tells a directory, zip, tar or compressed tar apart by magic bytes. A file that has none of them is a single-file
/// source, unless its name says it is an archive: then it is a damaged one, and pushing it as one file would hide that.
/// </summary>
public static class ArchiveFormatDetector
{
    private static readonly string[] ArchiveSuffixes =
        [".zip", ".tar.gz", ".tgz", ".tar.zst", ".tzst", ".tar.xz", ".txz", ".tar.bz2", ".tbz2", ".tbz"];

    public static ArchiveFormat Detect(string path)
    {
        if (Directory.Exists(path))
        {
            return ArchiveFormat.Directory;
        }

        if (!File.Exists(path))
        {
            throw new PackingException($"'{path}' does not exist");
        }

        Span<byte> header = stackalloc byte[262];
        int read;
        using (var stream = File.OpenRead(path))
        {
            read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        }

        header = header[..read];
        if (FromMagic(header) is { } format)
        {
            return format;
        }

        var name = path.ToLowerInvariant();
        if (name.EndsWith(".tar", StringComparison.Ordinal))
        {
            // A V7 tar has no magic of its own.
            return ArchiveFormat.Tar;
        }

        if (ArchiveSuffixes.FirstOrDefault(s => name.EndsWith(s, StringComparison.Ordinal)) is { } suffix)
        {
            throw new PackingException($"'{path}' is named like a {suffix[1..]} archive but is not one (corrupt or truncated?)");
        }

        return ArchiveFormat.SingleFile;
    }

    private static ArchiveFormat? FromMagic(ReadOnlySpan<byte> header)
    {
        if (header.StartsWith("PK\u0003\u0004"u8) || header.StartsWith("PK\u0005\u0006"u8))
        {
            return ArchiveFormat.Zip;
        }

        if (header.StartsWith((ReadOnlySpan<byte>)[0x1F, 0x8B]))
        {
            return ArchiveFormat.TarGzip;
        }

        if (header.StartsWith((ReadOnlySpan<byte>)[0x28, 0xB5, 0x2F, 0xFD]))
        {
            return ArchiveFormat.TarZstd;
        }

        if (header.StartsWith((ReadOnlySpan<byte>)[0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]))
        {
            return ArchiveFormat.TarXz;
        }

        // "BZh" and a block size digit, then the block magic (pi in BCD) or the end-of-stream magic.
        if (header.Length >= 10 && header.StartsWith("BZh"u8) && header[3] is >= (byte)'1' and <= (byte)'9'
            && (header[4..10].SequenceEqual((ReadOnlySpan<byte>)[0x31, 0x41, 0x59, 0x26, 0x53, 0x59]) || header[4..10].SequenceEqual((ReadOnlySpan<byte>)[0x17, 0x72, 0x45, 0x38, 0x50, 0x90])))
        {
            return ArchiveFormat.TarBzip2;
        }

        if (header.Length >= 262 && header[257..262].SequenceEqual("ustar"u8))
        {
            return ArchiveFormat.Tar;
        }

        return null;
    }
}
