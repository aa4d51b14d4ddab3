using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using AetherFS.Core.Packing;

namespace AetherFS.Core.Tests.Packing;

public sealed class ArchiveExtractorTests : IDisposable
{
    private static readonly DateTimeOffset EntryTime = new(2023, 4, 5, 6, 7, 8, TimeSpan.Zero);
    private readonly TempDirectory _temp = new();
    private readonly string _destination;

    public ArchiveExtractorTests()
    {
        _destination = _temp.Combine("dest");
        Directory.CreateDirectory(_destination);
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Extract_Tar_RecreatesFilesDirectoriesModesAndLinks()
    {
        var archive = Tar("good.tar", gzip: false, writer =>
        {
            writer.WriteEntry(Dir("docs/", 0x1ED));
            writer.WriteEntry(File("docs/readme.txt", "hello", 0x1A4));
            writer.WriteEntry(File("./bin/run.sh", "#!/bin/sh", 0x1ED));
            writer.WriteEntry(Symlink("docs/link", "readme.txt"));
            writer.WriteEntry(Symlink("up", "docs/readme.txt"));
            writer.WriteEntry(HardLink("docs/copy", "docs/readme.txt"));
        });

        ArchiveExtractor.Extract(archive, ArchiveFormat.Tar, _destination);

        Assert.Equal("hello", ReadDest("docs/readme.txt"));
        Assert.Equal("#!/bin/sh", ReadDest("bin/run.sh"));
        Assert.Equal("hello", ReadDest("docs/copy"));
        Assert.Equal("readme.txt", new FileInfo(Dest("docs/link")).LinkTarget);
        Assert.Equal("docs/readme.txt", new FileInfo(Dest("up")).LinkTarget);
        Assert.Equal((UnixFileMode)0x1ED, System.IO.File.GetUnixFileMode(Dest("bin/run.sh")));
        Assert.Equal((UnixFileMode)0x1A4, System.IO.File.GetUnixFileMode(Dest("docs/readme.txt")));
        Assert.Equal(EntryTime.UtcDateTime, System.IO.File.GetLastWriteTimeUtc(Dest("docs/readme.txt")));
        Assert.Equal(EntryTime.UtcDateTime, Directory.GetLastWriteTimeUtc(Dest("docs")));
    }

    [Fact]
    public void Extract_TarGzip_RecreatesFiles()
    {
        var archive = Tar("good.tar.gz", gzip: true, writer =>
        {
            writer.WriteEntry(File("a/b/c.txt", "deep", 0x180));
            writer.WriteEntry(File("top", string.Empty, 0x1A4));
        });

        ArchiveExtractor.Extract(archive, ArchiveFormat.TarGzip, _destination);

        Assert.Equal("deep", ReadDest("a/b/c.txt"));
        Assert.Equal(string.Empty, ReadDest("top"));
        Assert.Equal((UnixFileMode)0x180, System.IO.File.GetUnixFileMode(Dest("a/b/c.txt")));
    }

    [Fact]
    public void Extract_Tar_GivesImplicitDirectoriesTheArchiveTime()
    {
        var archive = Tar("implicit.tar", gzip: false, writer => writer.WriteEntry(File("a/b/c.txt", "x", 0x1A4)));
        var archiveTime = new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc);
        System.IO.File.SetLastWriteTimeUtc(archive, archiveTime);

        ArchiveExtractor.Extract(archive, ArchiveFormat.Tar, _destination);

        Assert.Equal(archiveTime, Directory.GetLastWriteTimeUtc(Dest("a")));
        Assert.Equal(archiveTime, Directory.GetLastWriteTimeUtc(Dest("a/b")));
    }

    [Fact]
    public void Extract_Tar_KeepsDirectoriesWritableByOwner()
    {
        var archive = Tar("readonly.tar", gzip: false, writer =>
        {
            writer.WriteEntry(Dir("ro", 0x16D));
            writer.WriteEntry(File("ro/f", "x", 0x1A4));
        });

        ArchiveExtractor.Extract(archive, ArchiveFormat.Tar, _destination);

        Assert.Equal((UnixFileMode)0x1ED, System.IO.File.GetUnixFileMode(Dest("ro")));
        Assert.Equal("x", ReadDest("ro/f"));
    }

    [Fact]
    public void Extract_Tar_AcceptsRootDirectoryEntry()
    {
        var archive = Tar("root.tar", gzip: false, writer =>
        {
            writer.WriteEntry(Dir("./", 0x1ED));
            writer.WriteEntry(File("./f", "x", 0x1A4));
        });

        ArchiveExtractor.Extract(archive, ArchiveFormat.Tar, _destination);

        Assert.Equal(["f"], Directory.EnumerateFileSystemEntries(_destination).Select(Path.GetFileName));
    }

    [Fact]
    public void Extract_Zip_RecreatesFilesDirectoriesModesAndSymlinks()
    {
        var archive = Zip("good.zip", zip =>
        {
            AddZipEntry(zip, "dir/", null, 0x41ED);
            AddZipEntry(zip, "dir/file.txt", "zipped", 0x81A4);
            AddZipEntry(zip, "dir/tool", "run", 0x81ED);
            AddZipEntry(zip, "dir/link", "file.txt", 0xA1FF);
            AddZipEntry(zip, "plain.txt", "no unix mode", 0);
        });

        ArchiveExtractor.Extract(archive, ArchiveFormat.Zip, _destination);

        Assert.Equal("zipped", ReadDest("dir/file.txt"));
        Assert.Equal("no unix mode", ReadDest("plain.txt"));
        Assert.Equal((UnixFileMode)0x1ED, System.IO.File.GetUnixFileMode(Dest("dir/tool")));
        Assert.Equal((UnixFileMode)0x1A4, System.IO.File.GetUnixFileMode(Dest("plain.txt")));
        Assert.Equal("file.txt", new FileInfo(Dest("dir/link")).LinkTarget);
    }

    [Theory]
    [InlineData("../evil")]
    [InlineData("a/../../evil")]
    [InlineData("./../evil")]
    [InlineData("a/../evil")]
    public void Extract_Tar_RefusesEscapingNames(string name)
    {
        var archive = Tar("hostile.tar", gzip: false, writer =>
        {
            writer.WriteEntry(File("ok.txt", "fine", 0x1A4));
            writer.WriteEntry(File(name, "pwned", 0x1A4));
        });

        var e = Assert.Throws<PackingException>(() => ArchiveExtractor.Extract(archive, ArchiveFormat.Tar, _destination));

        Assert.Contains(name, e.Message, StringComparison.Ordinal);
        AssertNothingEscaped();
    }

    [Fact]
    public void Extract_Tar_RefusesAbsoluteNames()
    {
        var archive = Tar("absolute.tar", gzip: false, writer => writer.WriteEntry(File("/abs/evil", "pwned", 0x1A4)));

        Assert.Throws<PackingException>(() => ArchiveExtractor.Extract(archive, ArchiveFormat.Tar, _destination));

        Assert.False(Directory.Exists("/abs"));
        AssertNothingEscaped();
    }

    [Fact]
    public void Extract_TarGzip_RefusesEscapingNames()
    {
        var archive = Tar("hostile.tar.gz", gzip: true, writer => writer.WriteEntry(File("../evil", "pwned", 0x1A4)));

        Assert.Throws<PackingException>(() => ArchiveExtractor.Extract(archive, ArchiveFormat.TarGzip, _destination));

        AssertNothingEscaped();
    }

    [Theory]
    [InlineData("link", "/etc")]
    [InlineData("link", "../..")]
    [InlineData("link", "..")]
    [InlineData("a/link", "../../evil")]
    [InlineData("link", "sub/../../evil")]
    public void Extract_Tar_RefusesSymlinksLeavingTheRoot(string name, string target)
    {
        var archive = Tar("symlink.tar", gzip: false, writer =>
        {
            writer.WriteEntry(Symlink(name, target));
            writer.WriteEntry(File("after", "x", 0x1A4));
        });

        Assert.Throws<PackingException>(() => ArchiveExtractor.Extract(archive, ArchiveFormat.Tar, _destination));

        Assert.DoesNotContain(
            Directory.EnumerateFileSystemEntries(_destination, "*", new EnumerationOptions { RecurseSubdirectories = true }),
            p => new FileInfo(p).LinkTarget is not null);
        AssertNothingEscaped();
    }

    [Fact]
    public void Extract_Tar_RefusesEntryUnderASymlink()
    {
        var archive = Tar("under-link.tar", gzip: false, writer =>
        {
            writer.WriteEntry(Dir("sub", 0x1ED));
            writer.WriteEntry(Symlink("link", "sub"));
            writer.WriteEntry(File("link/x", "pwned", 0x1A4));
        });

        var e = Assert.Throws<PackingException>(() => ArchiveExtractor.Extract(archive, ArchiveFormat.Tar, _destination));

        Assert.Contains("not a directory", e.Message, StringComparison.Ordinal);
        Assert.False(System.IO.File.Exists(Dest("sub/x")));
        Assert.False(Path.Exists(Dest("link/x")));
    }

    [Fact]
    public void Extract_Tar_NeverWritesThroughASymlinkEvenOneInside()
    {
        // Even a symlink the checks would pass must never be written through.
        var archive = Tar("under-link2.tar", gzip: false, writer =>
        {
            writer.WriteEntry(Symlink("link", "."));
            writer.WriteEntry(File("link/evil", "pwned", 0x1A4));
        });

        Assert.Throws<PackingException>(() => ArchiveExtractor.Extract(archive, ArchiveFormat.Tar, _destination));

        Assert.False(System.IO.File.Exists(Dest("evil")));
    }

    [Fact]
    public void Extract_Tar_RefusesEntryUnderAFile()
    {
        var archive = Tar("under-file.tar", gzip: false, writer =>
        {
            writer.WriteEntry(File("f", "x", 0x1A4));
            writer.WriteEntry(File("f/x", "y", 0x1A4));
        });

        Assert.Throws<PackingException>(() => ArchiveExtractor.Extract(archive, ArchiveFormat.Tar, _destination));
    }

    [Fact]
    public void Extract_Tar_RefusesSymlinkReplacingAnEarlierDirectory()
    {
        var archive = Tar("replace.tar", gzip: false, writer =>
        {
            writer.WriteEntry(File("d/f", "x", 0x1A4));
            writer.WriteEntry(Symlink("d", "."));
        });

        Assert.Throws<PackingException>(() => ArchiveExtractor.Extract(archive, ArchiveFormat.Tar, _destination));
    }

    [Fact]
    public void Extract_Tar_RefusesDuplicateFiles()
    {
        var archive = Tar("dup.tar", gzip: false, writer =>
        {
            writer.WriteEntry(File("a", "first", 0x1A4));
            writer.WriteEntry(File("./a", "second", 0x1A4));
        });

        var e = Assert.Throws<PackingException>(() => ArchiveExtractor.Extract(archive, ArchiveFormat.Tar, _destination));

        Assert.Contains("twice", e.Message, StringComparison.Ordinal);
        Assert.Equal("first", ReadDest("a"));
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("../evil")]
    [InlineData("/etc/passwd")]
    [InlineData("dir")]
    [InlineData("link")]
    [InlineData("later")]
    public void Extract_Tar_RefusesHardLinksToAnythingButAnEarlierFile(string linkName)
    {
        var archive = Tar("hardlink.tar", gzip: false, writer =>
        {
            writer.WriteEntry(Dir("dir", 0x1ED));
            writer.WriteEntry(Symlink("link", "dir"));
            writer.WriteEntry(HardLink("evil", linkName));
            writer.WriteEntry(File("later", "x", 0x1A4));
        });

        var e = Assert.Throws<PackingException>(() => ArchiveExtractor.Extract(archive, ArchiveFormat.Tar, _destination));

        Assert.Contains("hard link", e.Message, StringComparison.Ordinal);
        Assert.False(Path.Exists(Dest("evil")));
        AssertNothingEscaped();
    }

    [Theory]
    [InlineData(TarEntryType.CharacterDevice)]
    [InlineData(TarEntryType.BlockDevice)]
    [InlineData(TarEntryType.Fifo)]
    public void Extract_Tar_RefusesSpecialFiles(TarEntryType type)
    {
        var archive = Tar("special.tar", gzip: false, writer => writer.WriteEntry(new PaxTarEntry(type, "special")));

        var e = Assert.Throws<PackingException>(() => ArchiveExtractor.Extract(archive, ArchiveFormat.Tar, _destination));

        Assert.Contains("special", e.Message, StringComparison.Ordinal);
        Assert.False(Path.Exists(Dest("special")));
    }

    [Fact]
    public void Extract_Tar_SkipsSpecialFilesWhenAsked_TellingOfEach()
    {
        var archive = Tar("special.tar", gzip: false, writer =>
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.Fifo, "pipe"));
            writer.WriteEntry(File("data.csv", "data", 0x1A4));
            writer.WriteEntry(new PaxTarEntry(TarEntryType.CharacterDevice, "dev/null"));
        });
        var skipped = new List<ScanProblem>();

        ArchiveExtractor.Extract(archive, ArchiveFormat.Tar, _destination, new ExtractionOptions { SkipSpecialEntry = skipped.Add });

        Assert.Equal(["data.csv"], Directory.EnumerateFileSystemEntries(_destination).Select(Path.GetFileName));
        Assert.Equal(["pipe", "dev/null"], skipped.Select(p => p.Path));
    }

    [Fact]
    public void Extract_Tar_RefusesFileNamingTheRoot()
    {
        var archive = Tar("rootfile.tar", gzip: false, writer => writer.WriteEntry(File("./", "x", 0x1A4)));

        Assert.Throws<PackingException>(() => ArchiveExtractor.Extract(archive, ArchiveFormat.Tar, _destination));
    }

    [Theory]
    [InlineData("../evil.txt")]
    [InlineData("/evil.txt")]
    [InlineData("a/../../evil.txt")]
    [InlineData("..\\evil.txt")]
    public void Extract_Zip_RefusesEscapingNames(string name)
    {
        var archive = Zip("hostile.zip", zip =>
        {
            AddZipEntry(zip, "ok.txt", "fine", 0x81A4);
            AddZipEntry(zip, name, "pwned", 0x81A4);
        });

        Assert.Throws<PackingException>(() => ArchiveExtractor.Extract(archive, ArchiveFormat.Zip, _destination));

        AssertNothingEscaped();
        Assert.False(System.IO.File.Exists("/evil.txt"));
    }

    [Fact]
    public void Extract_Zip_RefusesSymlinksLeavingTheRoot()
    {
        var archive = Zip("link.zip", zip => AddZipEntry(zip, "link", "/etc", 0xA1FF));

        Assert.Throws<PackingException>(() => ArchiveExtractor.Extract(archive, ArchiveFormat.Zip, _destination));

        Assert.False(Path.Exists(Dest("link")));
    }

    [Fact]
    public void Extract_Zip_RefusesEntryUnderASymlink()
    {
        var archive = Zip("under.zip", zip =>
        {
            AddZipEntry(zip, "link", ".", 0xA1FF);
            AddZipEntry(zip, "link/evil", "pwned", 0x81A4);
        });

        Assert.Throws<PackingException>(() => ArchiveExtractor.Extract(archive, ArchiveFormat.Zip, _destination));

        AssertNothingEscaped();
    }

    [Fact]
    public void Extract_ReportsTruncatedTarGzipAsPackingException()
    {
        var good = Tar("full.tar.gz", gzip: true, writer => writer.WriteEntry(File("big", new string('x', 100_000), 0x1A4)));
        var truncated = _temp.Combine("truncated.tar.gz");
        var bytes = System.IO.File.ReadAllBytes(good);
        System.IO.File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);

        Assert.Throws<PackingException>(() => ArchiveExtractor.Extract(truncated, ArchiveFormat.TarGzip, _destination));
    }

    [Fact]
    public void Extract_ReportsAPaxHeaderDeclaringAnImpossibleSizeAsPackingException()
    {
        // Found by benchmarks/fuzz: TarReader answers an extended-attributes header whose size field exceeds what
        // it can hold with InvalidOperationException, which used to escape as an unexpected error.
        var good = Tar("pax.tar", gzip: false, writer => writer.WriteEntry(File("caf\u00e9.txt", "x", 0x1A4)));
        var bytes = System.IO.File.ReadAllBytes(good);
        Assert.Equal((byte)'x', bytes[156]); // the first header is the entry's pax extended attributes
        Encoding.ASCII.GetBytes("70000000042\0").CopyTo(bytes, 124);
        Encoding.ASCII.GetBytes("        ").CopyTo(bytes, 148);
        var checksum = bytes.AsSpan(0, 512).ToArray().Sum(b => b);
        Encoding.ASCII.GetBytes(Convert.ToString(checksum, 8).PadLeft(6, '0') + "\0 ").CopyTo(bytes, 148);
        var hostile = _temp.Combine("hostile.tar");
        System.IO.File.WriteAllBytes(hostile, bytes);

        Assert.Throws<PackingException>(() => ArchiveExtractor.Extract(hostile, ArchiveFormat.Tar, _destination));
    }

    [Fact]
    public void Extract_ReportsABase256SizeTooLargeForItsTypeAsPackingException()
    {
        // Found by benchmarks/fuzz: a GNU base-256 size field of 88 bits overflows TarReader's number parsing.
        var good = Tar("plain.tar", gzip: false, writer => writer.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, "a.txt") { DataStream = new MemoryStream("x"u8.ToArray()) }));
        var bytes = System.IO.File.ReadAllBytes(good);
        bytes[124] = 0x80;
        bytes.AsSpan(125, 11).Fill(0xFF);
        Encoding.ASCII.GetBytes("        ").CopyTo(bytes, 148);
        var checksum = bytes.AsSpan(0, 512).ToArray().Sum(b => b);
        Encoding.ASCII.GetBytes(Convert.ToString(checksum, 8).PadLeft(6, '0') + "\0 ").CopyTo(bytes, 148);
        var hostile = _temp.Combine("overflow.tar");
        System.IO.File.WriteAllBytes(hostile, bytes);

        Assert.Throws<PackingException>(() => ArchiveExtractor.Extract(hostile, ArchiveFormat.Tar, _destination));
    }

    [Fact]
    public void Extract_ReportsCorruptZipAsPackingException()
    {
        var corrupt = _temp.Combine("corrupt.zip");
        System.IO.File.WriteAllBytes(corrupt, [.. "PK\u0003\u0004"u8, .. new byte[100]]);

        Assert.Throws<PackingException>(() => ArchiveExtractor.Extract(corrupt, ArchiveFormat.Zip, _destination));
    }

    [Fact]
    public void Extract_ZipBomb_StopsAtTheRatioLimit_BeforeWritingItAll()
    {
        var archive = Zip("bomb.zip", zip =>
        {
            using var entry = zip.CreateEntry("zeros.bin", CompressionLevel.SmallestSize).Open();
            entry.Write(new byte[64 * 1024 * 1024]);
        });

        var e = Assert.Throws<ArchiveLimitExceededException>(() => ArchiveExtractor.Extract(archive, ArchiveFormat.Zip, _destination));

        Assert.Equal(ArchiveLimit.Ratio, e.Limit);
        Assert.True(new FileInfo(Dest("zeros.bin")).Length < 64 * 1024 * 1024, "extraction went on past the limit");
    }

    [Fact]
    public void Extract_ASmallArchiveOfZeros_IsNoBomb()
    {
        // A ratio of about 1000, but only 8 MiB: below the floor, nothing a disk notices.
        var archive = Zip("sparse.zip", zip =>
        {
            using var entry = zip.CreateEntry("zeros.bin", CompressionLevel.SmallestSize).Open();
            entry.Write(new byte[8 * 1024 * 1024]);
        });

        ArchiveExtractor.Extract(archive, ArchiveFormat.Zip, _destination);

        Assert.Equal(8 * 1024 * 1024, new FileInfo(Dest("zeros.bin")).Length);
    }

    [Fact]
    public void Extract_StopsAtTheTotalSizeLimit_CountingBytesWritten()
    {
        var archive = Tar("big.tar", gzip: false, writer =>
        {
            writer.WriteEntry(File("a", new string('a', 600), 0x1A4));
            writer.WriteEntry(File("b", new string('b', 600), 0x1A4));
        });
        var options = new ExtractionOptions { Limits = new ArchiveLimits { MaxTotalBytes = 1000 } };

        var e = Assert.Throws<ArchiveLimitExceededException>(() => ArchiveExtractor.Extract(archive, ArchiveFormat.Tar, _destination, options));

        Assert.Equal(ArchiveLimit.TotalBytes, e.Limit);
    }

    [Fact]
    public void Extract_StopsAtTheEntryLimit()
    {
        var archive = Tar("many.tar", gzip: false, writer =>
        {
            for (var i = 0; i < 5; i++)
            {
                writer.WriteEntry(File($"f{i}", "x", 0x1A4));
            }
        });
        var options = new ExtractionOptions { Limits = new ArchiveLimits { MaxEntries = 4 } };

        var e = Assert.Throws<ArchiveLimitExceededException>(() => ArchiveExtractor.Extract(archive, ArchiveFormat.Tar, _destination, options));

        Assert.Equal(ArchiveLimit.Entries, e.Limit);
    }

    [Fact]
    public void Extract_WithStripComponents_DropsLeadingDirectories_AndSkipsWhatHasNoneLeft()
    {
        var archive = Tar("nested.tar.gz", gzip: true, writer =>
        {
            writer.WriteEntry(Dir("./GeoLite2/", 0x1ED));
            writer.WriteEntry(File("./GeoLite2/GeoLite2-City.csv", "city", 0x1A4));
            writer.WriteEntry(File("GeoLite2/sub/x.txt", "x", 0x1A4));
            writer.WriteEntry(HardLink("GeoLite2/copy.csv", "GeoLite2/GeoLite2-City.csv"));
            writer.WriteEntry(Symlink("GeoLite2/link", "GeoLite2-City.csv"));
            writer.WriteEntry(File("toplevel.txt", "skipped", 0x1A4));
        });

        ArchiveExtractor.Extract(archive, ArchiveFormat.TarGzip, _destination, new ExtractionOptions { StripComponents = 1 });

        Assert.Equal("city", ReadDest("GeoLite2-City.csv"));
        Assert.Equal("x", ReadDest("sub/x.txt"));
        Assert.Equal("city", ReadDest("copy.csv"));
        Assert.Equal("GeoLite2-City.csv", new FileInfo(Dest("link")).LinkTarget);
        Assert.Equal(["GeoLite2-City.csv", "copy.csv", "link", "sub"], Directory.EnumerateFileSystemEntries(_destination).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("--zstd", ArchiveFormat.TarZstd, 300_000)]
    [InlineData("-J", ArchiveFormat.TarXz, 300_000)]
    [InlineData("-j", ArchiveFormat.TarBzip2, 300_000)]
    [InlineData("--zstd", ArchiveFormat.TarZstd, 100)]
    [InlineData("-J", ArchiveFormat.TarXz, 100)]
    [InlineData("-j", ArchiveFormat.TarBzip2, 100)]
    public void Extract_ReportsATruncatedCompressedTarAsPackingException(string compression, ArchiveFormat format, int keep)
    {
        var source = _temp.Combine("src");
        Directory.CreateDirectory(source);
        System.IO.File.WriteAllBytes(Path.Join(source, "random.bin"), RandomNumberGenerator.GetBytes(600_000));
        var whole = _temp.Combine("whole");
        using (var tar = Process.Start(new ProcessStartInfo("tar", [compression, "-cf", whole, "-C", source, "."]))!)
        {
            tar.WaitForExit();
            Assert.Equal(0, tar.ExitCode);
        }

        var truncated = _temp.Combine("truncated");
        System.IO.File.WriteAllBytes(truncated, System.IO.File.ReadAllBytes(whole)[..keep]);

        var e = Assert.Throws<PackingException>(() => ArchiveExtractor.Extract(truncated, format, _destination));
        Assert.Contains("corrupt or truncated", e.Message, StringComparison.Ordinal);
    }

    private void AssertNothingEscaped()
    {
        Assert.Empty(Directory.EnumerateFileSystemEntries(_temp.Path, "*evil*"));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_destination, "*evil*", new EnumerationOptions { RecurseSubdirectories = true }));
        Assert.False(Path.Exists(Path.Join(Path.GetDirectoryName(_temp.Path), "evil")));
    }

    private string Tar(string name, bool gzip, Action<TarWriter> write)
    {
        var path = _temp.Combine(name);
        using (var file = System.IO.File.Create(path))
        using (Stream output = gzip ? new GZipStream(file, CompressionLevel.Fastest) : file)
        using (var writer = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true))
        {
            write(writer);
        }

        return path;
    }

    private string Zip(string name, Action<ZipArchive> write)
    {
        var path = _temp.Combine(name);
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            write(zip);
        }

        return path;
    }

    private static void AddZipEntry(ZipArchive zip, string name, string? content, int unixMode)
    {
        var entry = zip.CreateEntry(name);
        entry.ExternalAttributes = unixMode << 16;
        entry.LastWriteTime = EntryTime;
        if (content is not null)
        {
            using var writer = new StreamWriter(entry.Open(), new UTF8Encoding(false));
            writer.Write(content);
        }
    }

    private static PaxTarEntry File(string name, string content, int mode) => new(TarEntryType.RegularFile, name)
    {
        DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)),
        Mode = (UnixFileMode)mode,
        ModificationTime = EntryTime,
    };

    private static PaxTarEntry Dir(string name, int mode) => new(TarEntryType.Directory, name)
    {
        Mode = (UnixFileMode)mode,
        ModificationTime = EntryTime,
    };

    private static PaxTarEntry Symlink(string name, string target) => new(TarEntryType.SymbolicLink, name) { LinkName = target };

    private static PaxTarEntry HardLink(string name, string target) => new(TarEntryType.HardLink, name) { LinkName = target };

    private string Dest(string relative) => Path.Join(_destination, relative);

    private string ReadDest(string relative) => System.IO.File.ReadAllText(Dest(relative));
}
