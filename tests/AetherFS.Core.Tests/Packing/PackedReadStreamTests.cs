using System.Security.Cryptography;
using AetherFS.Core.Manifests;
using AetherFS.Core.Packing;

namespace AetherFS.Core.Tests.Packing;

public sealed class PackedReadStreamTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly string _root;

    public PackedReadStreamTests()
    {
        _root = _temp.Combine("root");
        Directory.CreateDirectory(_root);
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Read_ConcatenatesFileBytesInEntryOrder()
    {
        var b = Write("b", 3000);
        var a = Write("a", 100);
        Directory.CreateDirectory(Path.Join(_root, "c"));
        var cd = Write("c/d", 5);
        File.CreateSymbolicLink(Path.Join(_root, "c/link"), "d");

        using var stream = new PackedReadStream(DirectoryScanner.Scan(_root));

        Assert.Equal([.. a, .. b, .. cd], ReadAll(stream));
        Assert.Equal(3105, stream.Position);
    }

    [Fact]
    public async Task ReadAsync_ConcatenatesFileBytesInEntryOrder()
    {
        var a = Write("a", 5000);
        var b = Write("b", 7);

        using var stream = new PackedReadStream(DirectoryScanner.Scan(_root));
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);

        Assert.Equal([.. a, .. b], copy.ToArray());
    }

    [Fact]
    public void HashedEntries_FillsEachFilesSha256()
    {
        var a = Write("a", 4096);
        var empty = Write("empty", 0);
        Directory.CreateDirectory(Path.Join(_root, "dir"));
        var nested = Write("dir/nested", 123);

        using var stream = new PackedReadStream(DirectoryScanner.Scan(_root));
        ReadAll(stream);
        var entries = stream.HashedEntries().ToDictionary(e => e.Path);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(a)), entries["a"].Sha256);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(empty)), entries["empty"].Sha256);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(nested)), entries["dir/nested"].Sha256);
        Assert.Null(entries["dir"].Sha256);
    }

    [Fact]
    public void HashedEntries_KeepsEveryOtherField()
    {
        Write("a", 10);
        var scanned = DirectoryScanner.Scan(_root);

        using var stream = new PackedReadStream(scanned);
        ReadAll(stream);

        Assert.Equal(scanned[0].Entry with { Sha256 = null }, stream.HashedEntries()[0] with { Sha256 = null });
    }

    [Fact]
    public void Read_ThrowsWhenAFileGrowsAfterScan()
    {
        Write("a", 10);
        var entries = DirectoryScanner.Scan(_root);
        File.AppendAllText(Path.Join(_root, "a"), "more");

        using var stream = new PackedReadStream(entries);

        var e = Assert.Throws<SourceChangedException>(() => ReadAll(stream));
        Assert.Contains("changed", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ThrowsWhenAFileShrinksAfterScan()
    {
        Write("a", 10);
        Write("b", 10);
        var entries = DirectoryScanner.Scan(_root);
        File.WriteAllBytes(Path.Join(_root, "a"), new byte[4]);

        using var stream = new PackedReadStream(entries);

        Assert.Throws<SourceChangedException>(() => ReadAll(stream));
    }

    [Fact]
    public void Read_ThrowsWhenAFileIsRewrittenInPlaceWhileRead_SameSizeAndMtime()
    {
        Write("a", 1_000_000);
        var path = Path.Join(_root, "a");
        var entries = DirectoryScanner.Scan(_root);
        var mtime = File.GetLastWriteTimeUtc(path);
        using var stream = new PackedReadStream(entries);
        var buffer = new byte[1000];
        stream.ReadExactly(buffer);

        // A writer changes bytes already read, keeps the size, and even puts the mtime back: only the ctime tells.
        using (var writer = new FileStream(path, FileMode.Open, FileAccess.Write))
        {
            writer.Write(new byte[1000]);
        }

        File.SetLastWriteTimeUtc(path, mtime);

        var e = Assert.Throws<SourceChangedException>(() => ReadAll(stream));
        Assert.Equal(path, e.Path);
    }

    [Fact]
    public void Read_ThrowsWhenAFileDisappearsAfterScan()
    {
        Write("a", 10);
        var entries = DirectoryScanner.Scan(_root);
        File.Delete(Path.Join(_root, "a"));

        using var stream = new PackedReadStream(entries);

        Assert.Throws<PackingException>(() => ReadAll(stream));
    }

    [Fact]
    public void Read_OfNoFilesIsEmpty()
    {
        Directory.CreateDirectory(Path.Join(_root, "d"));

        using var stream = new PackedReadStream(DirectoryScanner.Scan(_root));

        Assert.Empty(ReadAll(stream));
        Assert.Equal(0, stream.Read(new byte[10]));
    }

    [Fact]
    public void Stream_IsReadOnlyAndUnseekable()
    {
        using var stream = new PackedReadStream([]);

        Assert.True(stream.CanRead);
        Assert.False(stream.CanSeek);
        Assert.False(stream.CanWrite);
        Assert.Throws<NotSupportedException>(() => stream.Length);
        Assert.Throws<NotSupportedException>(() => stream.Seek(0, SeekOrigin.Begin));
        Assert.Throws<NotSupportedException>(() => stream.Write([1], 0, 1));
    }

    private static byte[] ReadAll(Stream stream)
    {
        // Odd-sized reads so that file boundaries fall inside a read.
        using var result = new MemoryStream();
        var buffer = new byte[333];
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            result.Write(buffer, 0, read);
        }

        return result.ToArray();
    }

    private byte[] Write(string relative, int length)
    {
        var data = RandomNumberGenerator.GetBytes(length);
        File.WriteAllBytes(Path.Join(_root, relative), data);
        return data;
    }
}
