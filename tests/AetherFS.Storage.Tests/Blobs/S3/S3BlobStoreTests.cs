using AetherFS.Storage.Blobs;
using AetherFS.Storage.Blobs.S3;

namespace AetherFS.Storage.Tests.Blobs.S3;

/// <summary>The blob store contract on a real S3 server (s3rver), each test in a key prefix of its own.</summary>
public sealed class S3BlobStoreTests : BlobStoreContractTests, IClassFixture<S3rverFixture>, IDisposable
{
    private readonly S3rverProcess _server;
    private readonly string _prefix = "test-" + Guid.NewGuid().ToString("N");
    private readonly S3BlobStore _store;

    public S3BlobStoreTests(S3rverFixture fixture)
    {
        _server = fixture.Server;
        _store = new S3BlobStore(S3TestStores.Options(_server, _prefix));
    }

    protected override IBlobStore Store => _store;

    protected override bool RacingPutsAreAtomic => false;

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task KeyPrefix_IsPrependedInTheBucketAndStrippedInListings()
    {
        using var root = new S3BlobStore(S3TestStores.Options(_server));
        await Put("blocks/ab/cd", "payload");

        Assert.Equal("payload", await ReadAsync(root, $"{_prefix}/blocks/ab/cd"));
        Assert.Equal(["blocks/ab/cd"], await List(string.Empty));
        Assert.Contains($"{_prefix}/blocks/ab/cd", await KeysAsync(root, _prefix + "/"));
    }

    [Fact]
    public async Task StoresWithOtherPrefixes_DoNotSeeEachOthersKeys()
    {
        using var other = new S3BlobStore(S3TestStores.Options(_server, _prefix + "-other"));
        await other.PutAsync("k", "other"u8.ToArray(), CancellationToken.None);
        await Put("k", "mine");

        Assert.Equal(["k"], await List(string.Empty));
        Assert.Equal("mine", await Read("k", 0, null));
        Assert.Equal("other", await ReadAsync(other, "k"));
    }

    [Fact]
    public async Task TwoStoresOnOneBucket_SeeEachOthersWritesAndDeletes()
    {
        // Two hubs sharing a bucket: nothing is cached on either side.
        using var second = new S3BlobStore(S3TestStores.Options(_server, _prefix));
        await Put("datasets/a/tags/latest", "v1");
        Assert.Equal("v1", await ReadAsync(second, "datasets/a/tags/latest"));

        await second.PutAsync("datasets/a/tags/latest", "v2"u8.ToArray(), CancellationToken.None);
        Assert.Equal("v2", await Read("datasets/a/tags/latest", 0, null));

        Assert.True(await second.DeleteAsync("datasets/a/tags/latest", CancellationToken.None));
        Assert.Null(await Store.HeadAsync("datasets/a/tags/latest", CancellationToken.None));
    }

    [Fact]
    public async Task VerifyAccess_PassesForAReadableBucket()
    {
        await _store.VerifyAccessAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
    }

    private static async Task<string> ReadAsync(S3BlobStore store, string key)
    {
        await using var content = await store.OpenReadAsync(key, 0, null, CancellationToken.None);
        return await ReadToEnd(content!);
    }

    private static async Task<List<string>> KeysAsync(S3BlobStore store, string prefix)
    {
        var keys = new List<string>();
        await foreach (var info in store.ListAsync(prefix, CancellationToken.None))
        {
            keys.Add(info.Key);
        }

        return keys;
    }
}
