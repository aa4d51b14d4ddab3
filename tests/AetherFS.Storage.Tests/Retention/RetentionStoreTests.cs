using AetherFS.Core.Datasets;
using AetherFS.Core.References;
using AetherFS.Storage.Blobs;
using AetherFS.Storage.Datasets;
using AetherFS.Storage.Retention;

namespace AetherFS.Storage.Tests.Retention;

public sealed class RetentionStoreTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly LocalBlobStore _blobs;
    private readonly RetentionStore _store;

    public RetentionStoreTests()
    {
        _blobs = new LocalBlobStore(new LocalBlobStoreOptions { RootPath = _temp.Path, Fsync = false });
        _store = new RetentionStore(_blobs);
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Put_ThenGet_RoundTripsThePolicy()
    {
        var policy = new RetentionPolicy(5, TimeSpan.FromDays(90), ["stable", "v1.*"]);

        await _store.PutAsync("@acme/maps", policy, CancellationToken.None);
        var read = await _store.GetAsync("@acme/maps", CancellationToken.None);

        Assert.Equal((5, TimeSpan.FromDays(90)), (read!.KeepLast, read.MaxAge));
        Assert.Equal(["stable", "v1.*"], read.Protect);
        Assert.Equal("datasets/@acme/maps/-/retention", RetentionStore.KeyOf("@acme/maps"));
        Assert.Null(await _store.GetAsync("other", CancellationToken.None));
    }

    [Fact]
    public async Task PolicyKeys_NeitherCollideWithNestedDatasets_NorShowInDatasetOrTagListings()
    {
        // A dataset "a/retention" lives beside the policy of "a": on disk, a directory and a file must not collide.
        var datasets = new DatasetStore(_blobs);
        var digest = Digest.Compute("m"u8);
        await _store.PutAsync("a", new RetentionPolicy(1, null, []), CancellationToken.None);
        await _store.PutAsync("a/retention", new RetentionPolicy(2, null, []), CancellationToken.None);
        await datasets.PutTagAsync("a", "v1", new TagRecord(digest, DateTime.UtcNow, null), CancellationToken.None);
        await datasets.PutTagAsync("a/retention", "v1", new TagRecord(digest, DateTime.UtcNow, null), CancellationToken.None);

        Assert.Equal(["a", "a/retention"], await datasets.ListDatasetsAsync(null, 100, CancellationToken.None));
        Assert.Equal(["v1"], await datasets.ListTagsAsync("a", CancellationToken.None).Select(t => t.Tag).ToListAsync());
        Assert.Equal(["a", "a/retention"], await _store.ListNamesAsync(CancellationToken.None).Order(StringComparer.Ordinal).ToListAsync());
        Assert.Equal(2, (await _store.GetAsync("a/retention", CancellationToken.None))!.KeepLast);
    }

    [Fact]
    public async Task Delete_RemovesThePolicy()
    {
        await _store.PutAsync("geo", new RetentionPolicy(1, null, []), CancellationToken.None);

        Assert.True(await _store.DeleteAsync("geo", CancellationToken.None));
        Assert.Null(await _store.GetAsync("geo", CancellationToken.None));
        Assert.False(await _store.DeleteAsync("geo", CancellationToken.None));
    }

    [Fact]
    public async Task Put_RefusesAnInvalidPolicy()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _store.PutAsync("geo", new RetentionPolicy(null, null, []), CancellationToken.None));
    }
}
