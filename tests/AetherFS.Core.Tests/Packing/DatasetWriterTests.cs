using System.Security.Cryptography;
using AetherFS.Core.Manifests;
using AetherFS.Core.Packing;

namespace AetherFS.Core.Tests.Packing;

public sealed class DatasetWriterTests : IDisposable
{
    private static readonly DateTime FileTime = new DateTime(2022, 2, 3, 4, 5, 6, DateTimeKind.Utc).AddTicks(1234567);
    private static readonly DateTime DirTime = new DateTime(2019, 9, 8, 7, 6, 5, DateTimeKind.Utc).AddTicks(7654321);
    private readonly TempDirectory _temp = new();
    private readonly string _root;

    public DatasetWriterTests()
    {
        _root = _temp.Combine("out");
        Directory.CreateDirectory(_root);
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Write_InOddPiecesRecreatesFileContents()
    {
        var a = RandomNumberGenerator.GetBytes(5000);
        var b = RandomNumberGenerator.GetBytes(17);
        var c = RandomNumberGenerator.GetBytes(2049);
        ManifestEntry[] entries =
        [
            File("a", a.Length),
            Dir("d"),
            File("d/b", b.Length),
            File("d/c", c.Length),
        ];

        WriteAll(entries, [.. a, .. b, .. c], pieceSize: 333);

        Assert.Equal(a, System.IO.File.ReadAllBytes(Path.Join(_root, "a")));
        Assert.Equal(b, System.IO.File.ReadAllBytes(Path.Join(_root, "d/b")));
        Assert.Equal(c, System.IO.File.ReadAllBytes(Path.Join(_root, "d/c")));
    }

    [Fact]
    public void Write_OneByteAtATimeRecreatesFileContents()
    {
        var a = RandomNumberGenerator.GetBytes(10);
        var b = RandomNumberGenerator.GetBytes(3);

        WriteAll([File("a", a.Length), File("b", b.Length)], [.. a, .. b], pieceSize: 1);

        Assert.Equal(a, System.IO.File.ReadAllBytes(Path.Join(_root, "a")));
        Assert.Equal(b, System.IO.File.ReadAllBytes(Path.Join(_root, "b")));
    }

    [Fact]
    public void Complete_CreatesEmptyFilesAndEmptyDirectories()
    {
        var data = RandomNumberGenerator.GetBytes(4);

        WriteAll([File("a-empty", 0), Dir("b"), Dir("b/c"), File("d", 4), File("e-empty", 0), File("z-empty", 0)], data, 3);

        Assert.Equal(0, new FileInfo(Path.Join(_root, "a-empty")).Length);
        Assert.Equal(0, new FileInfo(Path.Join(_root, "e-empty")).Length);
        Assert.Equal(0, new FileInfo(Path.Join(_root, "z-empty")).Length);
        Assert.True(Directory.Exists(Path.Join(_root, "b/c")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Join(_root, "b/c")));
    }

    [Fact]
    public void Complete_OfOnlyEmptyFilesNeedsNoWrites()
    {
        using (var writer = new DatasetWriter(_root, [File("a", 0), File("b", 0)]))
        {
            writer.Complete();
        }

        Assert.Equal(["a", "b"], Directory.EnumerateFiles(_root).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Complete_SetsModesOfFilesAndDirectories()
    {
        ManifestEntry[] entries =
        [
            Dir("ro") with { Mode = 0x16D },
            File("ro/exec", 1) with { Mode = 0x1ED },
            File("ro/secret", 1) with { Mode = 0x100 },
        ];

        WriteAll(entries, [1, 2], 1);

        Assert.Equal((UnixFileMode)0x16D, System.IO.File.GetUnixFileMode(Path.Join(_root, "ro")));
        Assert.Equal((UnixFileMode)0x1ED, System.IO.File.GetUnixFileMode(Path.Join(_root, "ro/exec")));
        Assert.Equal((UnixFileMode)0x100, System.IO.File.GetUnixFileMode(Path.Join(_root, "ro/secret")));
    }

    [Fact]
    public void Complete_SetsModificationTimesOfFilesAndDirectories()
    {
        ManifestEntry[] entries =
        [
            Dir("d"),
            Dir("d/e"),
            File("d/e/f", 3),
            File("d/empty", 0),
            Link("d/link", "e/f"),
        ];

        WriteAll(entries, [1, 2, 3], 2);

        Assert.Equal(FileTime, System.IO.File.GetLastWriteTimeUtc(Path.Join(_root, "d/e/f")));
        Assert.Equal(FileTime, System.IO.File.GetLastWriteTimeUtc(Path.Join(_root, "d/empty")));
        Assert.Equal(DirTime, Directory.GetLastWriteTimeUtc(Path.Join(_root, "d/e")));
        Assert.Equal(DirTime, Directory.GetLastWriteTimeUtc(Path.Join(_root, "d")));
    }

    [Fact]
    public void Complete_CreatesSymlinksWithTheirTargets()
    {
        ManifestEntry[] entries =
        [
            Dir("d"),
            File("d/f", 2),
            Link("d/up", "../top"),
            Link("dangling", "missing"),
            Link("dirlink", "d"),
            File("top", 1),
        ];

        WriteAll(entries, [1, 2, 3], 5);

        Assert.Equal("../top", new FileInfo(Path.Join(_root, "d/up")).LinkTarget);
        Assert.Equal("missing", new FileInfo(Path.Join(_root, "dangling")).LinkTarget);
        Assert.Equal("d", new FileInfo(Path.Join(_root, "dirlink")).LinkTarget);
        Assert.Equal([3], System.IO.File.ReadAllBytes(Path.Join(_root, "d/up")));
    }

    [Fact]
    public void Write_RoundTripsAScannedTree()
    {
        var source = _temp.Combine("source");
        Directory.CreateDirectory(Path.Join(source, "x/y"));
        System.IO.File.WriteAllBytes(Path.Join(source, "x/y/data"), RandomNumberGenerator.GetBytes(3000));
        System.IO.File.WriteAllText(Path.Join(source, "readme"), "hi");
        System.IO.File.WriteAllText(Path.Join(source, "x/empty"), string.Empty);
        System.IO.File.CreateSymbolicLink(Path.Join(source, "x/link"), "y/data");
        System.IO.File.SetUnixFileMode(Path.Join(source, "readme"), (UnixFileMode)0x1E4);
        var scanned = DirectoryScanner.Scan(source);
        byte[] packed;
        using (var stream = new PackedReadStream(scanned))
        using (var copy = new MemoryStream())
        {
            stream.CopyTo(copy);
            packed = copy.ToArray();
        }

        // Directory mtimes change as the tree is built, so rescan after setting them.
        Directory.SetLastWriteTimeUtc(Path.Join(source, "x/y"), DirTime);
        Directory.SetLastWriteTimeUtc(Path.Join(source, "x"), DirTime);
        var expected = DirectoryScanner.Scan(source).Select(e => e.Entry).ToList();

        WriteAll(expected, packed, 1000);

        // Symlinks keep their own mtimes too, so rescanning a pulled tree yields the same manifest.
        Assert.Equal(expected, DirectoryScanner.Scan(_root).Select(e => e.Entry));
    }

    [Fact]
    public void Write_ThrowsWhenStreamIsLongerThanTheFiles()
    {
        using var writer = new DatasetWriter(_root, [File("a", 3)]);

        var e = Assert.Throws<PackingException>(() => writer.Write(new byte[4]));
        Assert.Contains("longer", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_ThrowsOnExtraBytesAfterEveryFileIsFull()
    {
        using var writer = new DatasetWriter(_root, [File("a", 3)]);
        writer.Write(new byte[3]);

        Assert.Throws<PackingException>(() => writer.Write(new byte[1]));
    }

    [Fact]
    public void Complete_ThrowsWhenNothingWasWritten()
    {
        using var writer = new DatasetWriter(_root, [File("a", 3)]);

        var e = Assert.Throws<PackingException>(writer.Complete);
        Assert.Contains("'a'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Complete_ThrowsWhenALaterFileGotNoBytes()
    {
        using var writer = new DatasetWriter(_root, [File("a", 3), File("b", 2)]);
        writer.Write(new byte[3]);

        var e = Assert.Throws<PackingException>(writer.Complete);
        Assert.Contains("'b'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Complete_ThrowsWhenStreamEndsInsideTheLastFile()
    {
        using var writer = new DatasetWriter(_root, [File("a", 3)]);
        writer.Write(new byte[2]);

        var e = Assert.Throws<PackingException>(writer.Complete);
        Assert.Contains("'a'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Complete_NamesTheFileTheStreamEndedIn()
    {
        using var writer = new DatasetWriter(_root, [File("a", 3), File("b", 2)]);
        writer.Write(new byte[2]);

        var e = Assert.Throws<PackingException>(writer.Complete);
        Assert.Contains("'a'", e.Message, StringComparison.Ordinal);
    }

    private void WriteAll(IReadOnlyList<ManifestEntry> entries, byte[] packed, int pieceSize)
    {
        using var writer = new DatasetWriter(_root, entries);
        for (var offset = 0; offset < packed.Length; offset += pieceSize)
        {
            writer.Write(packed.AsSpan(offset, Math.Min(pieceSize, packed.Length - offset)));
        }

        Assert.Equal(packed.Length, writer.Position);
        writer.Complete();
    }

    private static ManifestEntry File(string path, long size) => new(path, EntryType.File, size, 0x1A4, FileTime);

    private static ManifestEntry Dir(string path) => new(path, EntryType.Directory, 0, 0x1ED, DirTime);

    private static ManifestEntry Link(string path, string target) => new(path, EntryType.Symlink, 0, 0x1FF, FileTime, target);
}
