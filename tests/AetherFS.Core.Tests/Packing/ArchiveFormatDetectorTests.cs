using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using AetherFS.Core.Packing;

namespace AetherFS.Core.Tests.Packing;

public sealed class ArchiveFormatDetectorTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Detect_RecognisesDirectories()
    {
        Assert.Equal(ArchiveFormat.Directory, ArchiveFormatDetector.Detect(_temp.Path));
    }

    [Fact]
    public void Detect_RecognisesZipByMagicWhateverItsName()
    {
        var path = _temp.Combine("data.bin");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            zip.CreateEntry("a.txt");
        }

        Assert.Equal(ArchiveFormat.Zip, ArchiveFormatDetector.Detect(path));
    }

    [Fact]
    public void Detect_RecognisesEmptyZip()
    {
        var path = _temp.Combine("empty.dat");
        using (ZipFile.Open(path, ZipArchiveMode.Create))
        {
        }

        Assert.Equal(ArchiveFormat.Zip, ArchiveFormatDetector.Detect(path));
    }

    [Theory]
    [InlineData(TarEntryFormat.Ustar)]
    [InlineData(TarEntryFormat.Pax)]
    [InlineData(TarEntryFormat.Gnu)]
    public void Detect_RecognisesTarByMagicWhateverItsName(TarEntryFormat format)
    {
        var path = _temp.Combine("data.bin");
        WriteTar(path, format, gzip: false);

        Assert.Equal(ArchiveFormat.Tar, ArchiveFormatDetector.Detect(path));
    }

    [Fact]
    public void Detect_RecognisesGzipByMagic()
    {
        var path = _temp.Combine("data.bin");
        WriteTar(path, TarEntryFormat.Pax, gzip: true);

        Assert.Equal(ArchiveFormat.TarGzip, ArchiveFormatDetector.Detect(path));
    }

    [Fact]
    public void Detect_FallsBackToTarExtensionForV7Tar()
    {
        var path = _temp.Combine("OLD.TAR");
        WriteTar(path, TarEntryFormat.V7, gzip: false);

        Assert.Equal(ArchiveFormat.Tar, ArchiveFormatDetector.Detect(path));
    }

    [Fact]
    public void Detect_TakesAFileWithoutArchiveMagicAsASingleFile()
    {
        var path = _temp.Combine("notes.csv");
        File.WriteAllText(path, string.Concat(Enumerable.Repeat("just some text, not an archive\n", 20)), Encoding.UTF8);

        Assert.Equal(ArchiveFormat.SingleFile, ArchiveFormatDetector.Detect(path));
    }

    [Fact]
    public void Detect_TakesAnEmptyFileAsASingleFile()
    {
        var path = _temp.Combine("empty");
        File.WriteAllBytes(path, []);

        Assert.Equal(ArchiveFormat.SingleFile, ArchiveFormatDetector.Detect(path));
    }

    [Theory]
    [InlineData("data.zip")]
    [InlineData("data.tar.gz")]
    [InlineData("data.tar.zst")]
    [InlineData("data.txz")]
    [InlineData("data.tar.bz2")]
    public void Detect_RejectsAFileNamedLikeAnArchiveWithoutItsMagic(string name)
    {
        var path = _temp.Combine(name);
        File.WriteAllText(path, "truncated", Encoding.UTF8);

        var e = Assert.Throws<PackingException>(() => ArchiveFormatDetector.Detect(path));
        Assert.Contains(name, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0x28, 0xB5, 0x2F, 0xFD, 0x04, 0x58 }, ArchiveFormat.TarZstd)]
    [InlineData(new byte[] { 0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00, 0x00, 0x04 }, ArchiveFormat.TarXz)]
    [InlineData(new byte[] { 0x42, 0x5A, 0x68, 0x39, 0x31, 0x41, 0x59, 0x26, 0x53, 0x59, 0x00 }, ArchiveFormat.TarBzip2)]
    public void Detect_RecognisesCompressedTarsByMagicWhateverTheirName(byte[] header, ArchiveFormat expected)
    {
        var path = _temp.Combine("no-suffix");
        File.WriteAllBytes(path, [.. header, .. new byte[300]]);

        Assert.Equal(expected, ArchiveFormatDetector.Detect(path));
    }

    [Fact]
    public void Detect_RejectsMissingPath()
    {
        var e = Assert.Throws<PackingException>(() => ArchiveFormatDetector.Detect(_temp.Combine("missing.zip")));
        Assert.Contains("does not exist", e.Message, StringComparison.Ordinal);
    }

    private static void WriteTar(string path, TarEntryFormat format, bool gzip)
    {
        using var file = File.Create(path);
        using Stream output = gzip ? new GZipStream(file, CompressionLevel.Fastest) : file;
        using var writer = new TarWriter(output, format, leaveOpen: true);
        TarEntry entry = format switch
        {
            TarEntryFormat.V7 => new V7TarEntry(TarEntryType.V7RegularFile, "a.txt"),
            TarEntryFormat.Ustar => new UstarTarEntry(TarEntryType.RegularFile, "a.txt"),
            TarEntryFormat.Gnu => new GnuTarEntry(TarEntryType.RegularFile, "a.txt"),
            _ => new PaxTarEntry(TarEntryType.RegularFile, "a.txt"),
        };
        entry.DataStream = new MemoryStream("hello"u8.ToArray());
        writer.WriteEntry(entry);
    }
}
