using System.Text;
using AetherFS.Storage.Blobs;

namespace AetherFS.Storage.Tests.Blobs;

public sealed class LocalBlobStoreTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly LocalBlobStore _store;

    public LocalBlobStoreTests() => _store = new LocalBlobStore(new LocalBlobStoreOptions { RootPath = _temp.Path });

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Put_AfterItsDirectoryWasRemoved_CreatesItAgain()
    {
        await _store.PutAsync("blocks/ab/one", "1"u8.ToArray(), CancellationToken.None);
        Directory.Delete(Path.Join(_temp.Path, "blocks", "ab"), recursive: true);

        await _store.PutAsync("blocks/ab/two", "2"u8.ToArray(), CancellationToken.None);

        Assert.Equal("2"u8.ToArray(), File.ReadAllBytes(Path.Join(_temp.Path, "blocks", "ab", "two")));
    }

    [Fact]
    public async Task Put_ThenOpenRead_ReturnsTheBytes()
    {
        await Put("a/b/c", "hello world");

        Assert.Equal("hello world", await Read("a/b/c", 0, null));
    }

    [Fact]
    public async Task Put_StoresUnderTheKeyAsAPath()
    {
        await Put("a/b/c", "x");

        Assert.Equal("x", File.ReadAllText(Path.Join(_temp.Path, "a/b/c")));
    }

    [Fact]
    public async Task Head_ReportsSizeAndTime()
    {
        var before = DateTime.UtcNow.AddSeconds(-5);
        await Put("k", "12345");

        var info = await _store.HeadAsync("k", CancellationToken.None);

        Assert.NotNull(info);
        Assert.Equal("k", info.Key);
        Assert.Equal(5, info.Size);
        Assert.InRange(info.LastModified, before, DateTime.UtcNow.AddSeconds(5));
    }

    [Fact]
    public async Task Head_IsNullForMissingKeysAndDirectories()
    {
        await Put("dir/k", "x");

        Assert.Null(await _store.HeadAsync("missing", CancellationToken.None));
        Assert.Null(await _store.HeadAsync("dir", CancellationToken.None));
    }

    [Fact]
    public async Task OpenRead_IsNullForMissingKeys()
    {
        Assert.Null(await _store.OpenReadAsync("missing", 0, null, CancellationToken.None));
        Assert.Null(await _store.OpenReadAsync("no/such/dir", 0, null, CancellationToken.None));
    }

    [Theory]
    [InlineData(0L, 10L, "0123456789")]
    [InlineData(3L, 4L, "3456")]
    [InlineData(7L, null, "789")]
    [InlineData(10L, null, "")]
    [InlineData(10L, 0L, "")]
    [InlineData(0L, 0L, "")]
    public async Task OpenRead_ReturnsTheRequestedRange(long offset, long? length, string expected)
    {
        await Put("k", "0123456789");

        await using var content = await _store.OpenReadAsync("k", offset, length, CancellationToken.None);

        Assert.NotNull(content);
        Assert.Equal(expected.Length, content.Length);
        Assert.Equal(10, content.TotalSize);
        Assert.Equal(expected, await ReadExactly(content));
    }

    [Theory]
    [InlineData(-1L, null)]
    [InlineData(11L, null)]
    [InlineData(5L, 6L)]
    [InlineData(0L, -1L)]
    public async Task OpenRead_RefusesRangesOutsideTheBlob(long offset, long? length)
    {
        await Put("k", "0123456789");

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _store.OpenReadAsync("k", offset, length, CancellationToken.None));
    }

    [Fact]
    public async Task OpenRead_RefusesLengthThatOverflows()
    {
        await Put("k", "0123456789");

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _store.OpenReadAsync("k", 1, long.MaxValue, CancellationToken.None));
    }

    [Fact]
    public async Task Put_OverwritesWithTheNewValue()
    {
        await Put("k", "a much longer first value");
        await Put("k", "second");

        Assert.Equal("second", await Read("k", 0, null));
        Assert.Equal(6, (await _store.HeadAsync("k", CancellationToken.None))!.Size);
    }

    [Fact]
    public async Task Put_OverwriteKeepsAnOpenReaderOnTheOldValue()
    {
        await Put("k", "old value");
        await using var reader = await _store.OpenReadAsync("k", 0, null, CancellationToken.None);

        await Put("k", "new");

        Assert.Equal("old value", await ReadExactly(reader!));
        Assert.Equal("new", await Read("k", 0, null));
    }

    [Fact]
    public async Task Put_LeavesNoTemporaryFiles()
    {
        await Put("a", "1");
        await Put("a", "2");
        await Put("b/c", "3");

        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Join(_temp.Path, ".tmp")));
    }

    [Fact]
    public async Task Put_WorksWithoutFsync()
    {
        var store = new LocalBlobStore(new LocalBlobStoreOptions { RootPath = _temp.Combine("nofsync"), Fsync = false });

        await store.PutAsync("k", "v"u8.ToArray(), CancellationToken.None);

        Assert.Equal(1, (await store.HeadAsync("k", CancellationToken.None))!.Size);
    }

    [Fact]
    public async Task Delete_RemovesTheKeyAndSaysWhetherItExisted()
    {
        await Put("k", "x");

        Assert.True(await _store.DeleteAsync("k", CancellationToken.None));
        Assert.Null(await _store.HeadAsync("k", CancellationToken.None));
        Assert.False(await _store.DeleteAsync("k", CancellationToken.None));
    }

    [Fact]
    public async Task List_ReturnsKeysWithPrefixInOrdinalOrder()
    {
        foreach (var key in new[] { "p/b", "p/B", "p/a/z", "p/a-b", "p/a/a", "q/x", "px" })
        {
            await Put(key, key);
        }

        var keys = await List("p/");

        Assert.Equal(["p/B", "p/a-b", "p/a/a", "p/a/z", "p/b"], keys);
    }

    [Fact]
    public async Task List_MatchesPartialLastSegment()
    {
        foreach (var key in new[] { "d/apple", "d/apricot", "d/banana", "d/ap/x" })
        {
            await Put(key, key);
        }

        Assert.Equal(["d/ap/x", "d/apple", "d/apricot"], await List("d/ap"));
    }

    [Fact]
    public async Task List_ReportsSizes()
    {
        await Put("k", "12345");

        var info = Assert.Single(await ListInfos(string.Empty));

        Assert.Equal(5, info.Size);
    }

    [Fact]
    public async Task List_WithEmptyPrefixReturnsEverythingButTheTempDirectory()
    {
        await Put("a", "1");
        await Put("b/c", "2");
        File.WriteAllText(Path.Join(_temp.Path, ".tmp", "partial-upload"), "half");

        Assert.Equal(["a", "b/c"], await List(string.Empty));
    }

    [Fact]
    public async Task List_OfMissingDirectoryIsEmpty()
    {
        Assert.Empty(await List("nothing/here/"));
    }

    [Theory]
    [InlineData("../evil")]
    [InlineData("a/../../evil")]
    [InlineData("..")]
    [InlineData("/abs")]
    [InlineData("a//b")]
    [InlineData("a/./b")]
    [InlineData("")]
    [InlineData(".tmp/x")]
    public async Task Keys_RefuseUnsafePaths(string key)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _store.PutAsync(key, "x"u8.ToArray(), CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.HeadAsync(key, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.OpenReadAsync(key, 0, null, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.DeleteAsync(key, CancellationToken.None));
        Assert.False(File.Exists(Path.Join(Path.GetDirectoryName(_temp.Path), "evil")));
    }

    [Fact]
    public async Task List_RefusesPrefixesThatLeaveTheRoot()
    {
        File.WriteAllText(Path.Join(_temp.Path, "..", Path.GetFileName(_temp.Path) + "-outside"), "x");
        try
        {
            await Assert.ThrowsAsync<ArgumentException>(() => List("../"));
        }
        finally
        {
            File.Delete(Path.Join(_temp.Path, "..", Path.GetFileName(_temp.Path) + "-outside"));
        }
    }

    private Task Put(string key, string value) => _store.PutAsync(key, Encoding.UTF8.GetBytes(value), CancellationToken.None);

    private async Task<string> Read(string key, long offset, long? length)
    {
        await using var content = await _store.OpenReadAsync(key, offset, length, CancellationToken.None);
        return await ReadExactly(content!);
    }

    private static async Task<string> ReadExactly(BlobContent content)
    {
        var bytes = new byte[content.Length];
        await content.Stream.ReadExactlyAsync(bytes);
        return Encoding.UTF8.GetString(bytes);
    }

    private async Task<List<string>> List(string prefix) => [.. (await ListInfos(prefix)).Select(i => i.Key)];

    private async Task<List<BlobInfo>> ListInfos(string prefix)
    {
        var result = new List<BlobInfo>();
        await foreach (var info in _store.ListAsync(prefix, CancellationToken.None))
        {
            result.Add(info);
        }

        return result;
    }
}
