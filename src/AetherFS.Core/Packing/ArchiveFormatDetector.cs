namespace AetherFS.Core.Packing;

/// <summary>Tells a directory, zip, tar or gzipped tar apart by magic bytes, falling back to the file name.</summary>
public static class ArchiveFormatDetector
{
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
        if (header.StartsWith("PK\u0003\u0004"u8) || header.StartsWith("PK\u0005\u0006"u8))
        {
            return ArchiveFormat.Zip;
        }

        if (header.StartsWith(new byte[] { 0x1F, 0x8B }))
        {
            return ArchiveFormat.TarGzip;
        }

        if (header.Length >= 262 && header[257..262].SequenceEqual("ustar"u8))
        {
            return ArchiveFormat.Tar;
        }

        var name = path.ToLowerInvariant();
        return name switch
        {
            _ when name.EndsWith(".tar", StringComparison.Ordinal) => ArchiveFormat.Tar,
            _ => throw new PackingException($"'{path}' is not a directory, zip, tar or tar.gz archive"),
        };
    }
}
