using AetherFS.Core.Blocks;
using AetherFS.Storage.Blobs;
using AetherFS.Storage.Blocks;
using AetherFS.Storage.Packs;
using Microsoft.Extensions.Time.Testing;

namespace AetherFS.Storage.Tests.Packs;

public sealed class PackCatalogTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly LocalBlobStore _blobs;

    public PackCatalogTests() => _blobs = new LocalBlobStore(new LocalBlobStoreOptions { RootPath = _temp.Path, Fsync = false });

    public void Dispose() => _temp.Dispose();

    private static (string Signature, byte[] Raw) Block(int seed)
    {
        var raw = new byte[4000];
        new Random(seed).NextBytes(raw);
        return (BlockSignature.Compute(raw), raw);
    }

    [Fact]
    public async Task AHubStartingLater_LoadsEverySegment()
    {
        var writer = new BlockStore(_blobs);
        var blocks = Enumerable.Range(0, 10).Select(Block).ToList();
        foreach (var (signature, raw) in blocks)
        {
            await writer.PutRawAsync(signature, raw, CancellationToken.None);
        }

        using var catalog = new PackCatalog(_blobs);
        await catalog.RefreshAsync(CancellationToken.None);

        Assert.Equal(10, catalog.ChunkCount);
        Assert.All(blocks, b => Assert.NotNull(catalog.Locate(Sha256Key.Parse(b.Signature))));
    }

    [Fact]
    public async Task ATombstone_MakesOtherHubsForgetThePack()
    {
        var writer = new BlockStore(_blobs);
        var (signature, raw) = Block(1);
        await writer.PutRawAsync(signature, raw, CancellationToken.None);
        var reader = new BlockStore(_blobs);
        Assert.Empty(await reader.FindMissingAsync([signature], CancellationToken.None));
        var pack = (await writer.Catalog.LocateAsync(signature, CancellationToken.None))!.Value.PackId;

        await writer.WriteSegmentAsync(new IndexSegment(null, [], [pack]), CancellationToken.None);
        await _blobs.DeleteAsync(PackKeys.Pack(pack), CancellationToken.None);
        await reader.RefreshAsync(CancellationToken.None);

        Assert.Equal([signature], await reader.FindMissingAsync([signature], CancellationToken.None));
        Assert.Null(await reader.ReadAsync(signature, CancellationToken.None));
    }

    [Fact]
    public async Task ARefresh_ListsOnlySegmentsStampedSinceTheLastOne_LessAMargin()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var writer = new BlockStore(_blobs, time: time);
        var counting = new CountingBlobStore(_blobs);
        using var catalog = new PackCatalog(counting, time);
        var (first, firstRaw) = Block(1);
        await writer.PutRawAsync(first, firstRaw, CancellationToken.None);
        await catalog.RefreshAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(10));
        var (second, secondRaw) = Block(2);
        await writer.PutRawAsync(second, secondRaw, CancellationToken.None);
        counting.Reads = 0;

        await catalog.RefreshAsync(CancellationToken.None);

        Assert.NotNull(catalog.Locate(Sha256Key.Parse(second)));
        Assert.Equal(1, counting.Reads); // only the new segment was read
    }
}
