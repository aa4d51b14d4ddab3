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
    public void Detect_RejectsRandomTextFile()
    {
        var path = _temp.Combine("notes.txt");
        File.WriteAllText(path, string.Concat(Enumerable.Repeat("just some text, not an archive\n", 20)), Encoding.UTF8);

        var e = Assert.Throws<PackingException>(() => ArchiveFormatDetector.Detect(path));
        Assert.Contains("notes.txt", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_RejectsEmptyFile()
    {
        var path = _temp.Combine("empty");
        File.WriteAllBytes(path, []);

        Assert.Throws<PackingException>(() => ArchiveFormatDetector.Detect(path));
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
