using System.Text;
using AetherFS.Core.Blocks;
using AetherFS.Core.Datasets;
using AetherFS.Core.References;
using AetherFS.Storage.Blobs;
using AetherFS.Storage.Datasets;

namespace AetherFS.Storage.Tests.Datasets;

public sealed class DatasetStoreTests : IDisposable
{
    private static readonly DateTime Published = new DateTime(2024, 6, 7, 8, 9, 10, DateTimeKind.Utc).AddTicks(1234567);
    private readonly TempDirectory _temp = new();
    private readonly DatasetStore _store;

    public DatasetStoreTests() => _store = new DatasetStore(new LocalBlobStore(new LocalBlobStoreOptions { RootPath = _temp.Path, Fsync = false }));

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Keys_FollowTheDocumentedLayout()
    {
        var digest = Digest.Compute("m"u8);
        var hex = Digest.HexPart(digest);

        Assert.Equal($"manifests/{hex[..2]}/{hex[2..]}", DatasetStore.ManifestKey(digest));
        Assert.Equal("datasets/@acme/mnist/tags/v1", DatasetStore.TagKey("@acme/mnist", "v1"));
    }

    [Fact]
    public async Task PutManifest_ThenGet_ReturnsTheBytes()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"schemaVersion\":1}");
        var digest = Digest.Compute(bytes);

        Assert.False(await _store.HasManifestAsync(digest, CancellationToken.None));
        await _store.PutManifestAsync(digest, bytes, CancellationToken.None);

        Assert.True(await _store.HasManifestAsync(digest, CancellationToken.None));
        Assert.Equal(bytes, await _store.GetManifestAsync(digest, CancellationToken.None));
    }

    [Fact]
    public async Task GetManifest_IsNullWhenAbsent()
    {
        Assert.Null(await _store.GetManifestAsync(Digest.Compute("nothing"u8), CancellationToken.None));
    }

    [Fact]
    public async Task GetManifest_ThrowsWhenStoredBytesWereAltered()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"schemaVersion\":1}");
        var digest = Digest.Compute(bytes);
        await _store.PutManifestAsync(digest, bytes, CancellationToken.None);
        File.WriteAllText(Path.Join(_temp.Path, DatasetStore.ManifestKey(digest)), "{\"schemaVersion\":2}");

        var e = await Assert.ThrowsAsync<DigestMismatchException>(() => _store.GetManifestAsync(digest, CancellationToken.None));

        Assert.Equal(digest, e.Expected);
    }

    [Fact]
    public async Task PutTag_ThenGet_ReturnsTheRecord()
    {
        var record = new TagRecord(Digest.Compute("m1"u8), Published, "alice");

        await _store.PutTagAsync("team/mnist", "v1", record, CancellationToken.None);

        Assert.Equal(record, await _store.GetTagAsync("team/mnist", "v1", CancellationToken.None));
    }

    [Fact]
    public async Task PutTag_KeepsNullPublisher()
    {
        var record = new TagRecord(Digest.Compute("m1"u8), Published, null);

        await _store.PutTagAsync("mnist", "v1", record, CancellationToken.None);

        Assert.Equal(record, await _store.GetTagAsync("mnist", "v1", CancellationToken.None));
    }

    [Fact]
    public async Task PutTag_MovesAnExistingTag()
    {
        await _store.PutTagAsync("mnist", "latest", Record("m1"), CancellationToken.None);
        await _store.PutTagAsync("mnist", "latest", Record("m2"), CancellationToken.None);

        Assert.Equal(Digest.Compute("m2"u8), (await _store.GetTagAsync("mnist", "latest", CancellationToken.None))!.Digest);
    }

    [Fact]
    public async Task GetTag_IsNullWhenAbsent()
    {
        Assert.Null(await _store.GetTagAsync("mnist", "v1", CancellationToken.None));
    }

    [Fact]
    public async Task DeleteTag_RemovesOnlyThatTag()
    {
        await _store.PutTagAsync("mnist", "v1", Record("m1"), CancellationToken.None);
        await _store.PutTagAsync("mnist", "v2", Record("m2"), CancellationToken.None);

        Assert.True(await _store.DeleteTagAsync("mnist", "v1", CancellationToken.None));
        Assert.False(await _store.DeleteTagAsync("mnist", "v1", CancellationToken.None));

        Assert.Null(await _store.GetTagAsync("mnist", "v1", CancellationToken.None));
        Assert.NotNull(await _store.GetTagAsync("mnist", "v2", CancellationToken.None));
    }

    [Fact]
    public async Task ListTags_ReturnsTagsInOrdinalOrderWithRecords()
    {
        foreach (var tag in new[] { "v2", "V1", "latest", "v10" })
        {
            await _store.PutTagAsync("mnist", tag, Record(tag), CancellationToken.None);
        }

        var tags = await ListTags("mnist");

        Assert.Equal(["V1", "latest", "v10", "v2"], tags.Select(t => t.Tag));
        Assert.All(tags, t => Assert.Equal(Digest.Compute(Encoding.UTF8.GetBytes(t.Tag)), t.Record.Digest));
    }

    [Fact]
    public async Task ListTags_OfUnknownDatasetIsEmpty()
    {
        Assert.Empty(await ListTags("nothing"));
    }

    [Fact]
    public async Task ListTags_ExcludesTagsOfNestedDatasets()
    {
        await _store.PutTagAsync("a", "v1", Record("a1"), CancellationToken.None);
        await _store.PutTagAsync("a/b", "v2", Record("ab2"), CancellationToken.None);
        await _store.PutTagAsync("a/tagz/x", "v3", Record("atx3"), CancellationToken.None);

        Assert.Equal(["v1"], (await ListTags("a")).Select(t => t.Tag));
        Assert.Equal(["v2"], (await ListTags("a/b")).Select(t => t.Tag));
        Assert.Equal(["v3"], (await ListTags("a/tagz/x")).Select(t => t.Tag));
    }

    [Fact]
    public async Task ListTags_DoesNotMixDatasetsSharingANamePrefix()
    {
        await _store.PutTagAsync("mnist", "v1", Record("1"), CancellationToken.None);
        await _store.PutTagAsync("mnist2", "v2", Record("2"), CancellationToken.None);

        Assert.Equal(["v1"], (await ListTags("mnist")).Select(t => t.Tag));
    }

    [Fact]
    public async Task ListDatasets_ReturnsDistinctNamesInOrdinalOrder()
    {
        await _store.PutTagAsync("b", "v1", Record("1"), CancellationToken.None);
        await _store.PutTagAsync("b", "v2", Record("2"), CancellationToken.None);
        await _store.PutTagAsync("a/tagz/x", "v1", Record("3"), CancellationToken.None);
        await _store.PutTagAsync("@acme/mnist", "latest", Record("4"), CancellationToken.None);
        await _store.PutTagAsync("a", "v1", Record("5"), CancellationToken.None);
        await _store.PutTagAsync("a/b", "tags", Record("6"), CancellationToken.None);
        await _store.PutManifestAsync(Digest.Compute("m"u8), "m"u8.ToArray(), CancellationToken.None);

        Assert.Equal(["@acme/mnist", "a", "a/b", "a/tagz/x", "b"], await _store.ListDatasetsAsync(null, 100, CancellationToken.None));
    }

    [Fact]
    public async Task ListDatasets_PagesWithAfterAndLimit()
    {
        foreach (var name in new[] { "e", "c", "a", "d", "b" })
        {
            await _store.PutTagAsync(name, "v1", Record(name), CancellationToken.None);
        }

        Assert.Equal(["a", "b"], await _store.ListDatasetsAsync(null, 2, CancellationToken.None));
        Assert.Equal(["c", "d"], await _store.ListDatasetsAsync("b", 2, CancellationToken.None));
        Assert.Equal(["e"], await _store.ListDatasetsAsync("d", 2, CancellationToken.None));
        Assert.Empty(await _store.ListDatasetsAsync("e", 2, CancellationToken.None));
        Assert.Equal(["c", "d", "e"], await _store.ListDatasetsAsync("bb", 10, CancellationToken.None));
    }

    [Fact]
    public async Task ListDatasets_ForgetsADatasetWhoseLastTagIsDeleted()
    {
        await _store.PutTagAsync("a", "v1", Record("1"), CancellationToken.None);
        await _store.PutTagAsync("b", "v1", Record("2"), CancellationToken.None);
        await _store.DeleteTagAsync("a", "v1", CancellationToken.None);

        Assert.Equal(["b"], await _store.ListDatasetsAsync(null, 10, CancellationToken.None));
    }

    [Fact]
    public async Task ListDatasets_IsEmptyForEmptyStore()
    {
        Assert.Empty(await _store.ListDatasetsAsync(null, 10, CancellationToken.None));
    }

    private static TagRecord Record(string manifest) => new(Digest.Compute(Encoding.UTF8.GetBytes(manifest)), Published, "tester");

    private async Task<List<(string Tag, TagRecord Record)>> ListTags(string name)
    {
        var result = new List<(string, TagRecord)>();
        await foreach (var item in _store.ListTagsAsync(name, CancellationToken.None))
        {
            result.Add(item);
        }

        return result;
    }
}
