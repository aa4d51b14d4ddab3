using AetherFS.Storage.Blobs;

namespace AetherFS.Storage.Tests.Blobs;

/// <summary>The blob store contract on local disk, and what only a directory of files can show.</summary>
public sealed class LocalBlobStoreTests : BlobStoreContractTests, IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly LocalBlobStore _store;

    public LocalBlobStoreTests() => _store = new LocalBlobStore(new LocalBlobStoreOptions { RootPath = _temp.Path });

    protected override IBlobStore Store => _store;

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
    public async Task Put_StoresUnderTheKeyAsAPath()
    {
        await Put("a/b/c", "x");

        Assert.Equal("x", File.ReadAllText(Path.Join(_temp.Path, "a/b/c")));
    }

    [Fact]
    public async Task Put_OverwriteKeepsAnOpenReaderOnTheOldValue()
    {
        await Put("k", "old value");
        await using var reader = await _store.OpenReadAsync("k", 0, null, CancellationToken.None);

        await Put("k", "new");

        Assert.Equal("old value", await ReadToEnd(reader!));
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
    public async Task List_OrdersSiblingsBeforeAndAfterADirectoryOrdinally()
    {
        foreach (var key in new[] { "p/a/z", "p/a-b", "p/a/a", "p/a.b" })
        {
            await Put(key, key);
        }

        Assert.Equal(["p/a-b", "p/a.b", "p/a/a", "p/a/z"], await List("p/"));
    }

    [Fact]
    public async Task List_SkipsTheTempDirectory()
    {
        await Put("a", "1");
        File.WriteAllText(Path.Join(_temp.Path, ".tmp", "partial-upload"), "half");

        Assert.Equal(["a"], await List(string.Empty));
    }

    [Fact]
    public async Task Keys_RefuseTheTempDirectory()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _store.PutAsync(".tmp/x", "x"u8.ToArray(), CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.HeadAsync(".tmp/x", CancellationToken.None));
    }

    [Fact]
    public async Task List_RefusesPrefixesThatReachAFileOutsideTheRoot()
    {
        var outside = Path.Join(_temp.Path, "..", Path.GetFileName(_temp.Path) + "-outside");
        File.WriteAllText(outside, "x");
        try
        {
            await Assert.ThrowsAsync<ArgumentException>(() => List("../"));
        }
        finally
        {
            File.Delete(outside);
        }
    }
}
