using AetherFS.Core.Blocks;
using AetherFS.Core.Datasets;
using AetherFS.Core.Manifests;
using AetherFS.Core.References;
using AetherFS.Hub.Configuration;
using AetherFS.IntegrationTests.Infrastructure;
using AetherFS.Storage.Blobs;
using AetherFS.Storage.Datasets;
using AetherFS.Storage.Packs;

namespace AetherFS.IntegrationTests.Storage;

/// <summary>
/// Blocks in packs, seen from outside: hubs sharing one store (disk or bucket) push overlapping data at once and
/// lose nothing; a store written before packs (one object per block) still serves and is packed by gc.
/// </summary>
public sealed class PackedStoreTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(HubOptions.LocalDriver)]
    [InlineData(HubOptions.S3Driver)]
    public async Task TwoHubsOnOneStore_PushOverlappingDataAtOnce_EachPullsTheOthersBackWhole(string driver)
    {
        await using var s3 = driver == HubOptions.S3Driver ? await S3rverProcess.StartAsync() : null;
        string[] options = s3 is null ? [] : S3HubOptions.For(s3, "shared");
        var work = new TempDirectory();
        var first = await HubHost.StartAsync(work, options: options);
        await using var second = await HubHost.StartAsync(work, options: options);
        try
        {
            var shared = TreeBuilder.RandomBytes(3_000_000, 1);
            var (a, b) = (_temp.Combine("a"), _temp.Combine("b"));
            TreeBuilder.WriteFile(a, "shared.bin", shared);
            TreeBuilder.WriteFile(a, "a.bin", TreeBuilder.RandomBytes(2_000_000, 2));
            TreeBuilder.WriteFile(b, "shared.bin", shared);
            TreeBuilder.WriteFile(b, "b.bin", TreeBuilder.RandomBytes(2_000_000, 3));

            // The same blocks race into the store through two hubs: some may be stored twice, none lost.
            var pushes = await Task.WhenAll(
                Infrastructure.Cli.RunAsync(first.Environment(), "push", "-t", "race/a:v1", "--pack-size", "1MiB", a),
                Infrastructure.Cli.RunAsync(second.Environment(), "push", "-t", "race/b:v1", "--pack-size", "1MiB", b));
            Array.ForEach(pushes, p => p.AssertSuccess());

            (await Infrastructure.Cli.RunAsync(second.Environment(), "pull", "race/a:v1", _temp.Combine("a-through-second"))).AssertSuccess();
            (await Infrastructure.Cli.RunAsync(first.Environment(), "pull", "race/b:v1", _temp.Combine("b-through-first"))).AssertSuccess();
            TreeAssert.Equal(a, _temp.Combine("a-through-second"));
            TreeAssert.Equal(b, _temp.Combine("b-through-first"));

            // A collection through one hub, compacting duplicates away, leaves both versions whole through the other.
            (await Infrastructure.Cli.RunAsync(first.Environment(), "gc", "--grace", "0s", "--max-unused", "0")).AssertSuccess();
            (await Infrastructure.Cli.RunAsync(second.Environment(), "pull", "race/a:v1", _temp.Combine("a-after-gc"))).AssertSuccess();
            (await Infrastructure.Cli.RunAsync(second.Environment(), "pull", "race/b:v1", _temp.Combine("b-after-gc"))).AssertSuccess();
            TreeAssert.Equal(a, _temp.Combine("a-after-gc"));
            TreeAssert.Equal(b, _temp.Combine("b-after-gc"));
        }
        finally
        {
            await first.StopAsync();
        }
    }

    [Fact]
    public async Task AStoreWrittenBeforePacks_IsServed_AndGcPacksItsBlocks()
    {
        var work = new TempDirectory();
        var files = Enumerable.Range(0, 5).Select(i => TreeBuilder.RandomBytes(40_000 + i, 10 + i)).ToList();
        var source = _temp.Combine("src");
        for (var i = 0; i < files.Count; i++)
        {
            TreeBuilder.WriteFile(source, $"f{i}.bin", files[i], modified: new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        }

        // What earlier versions wrote: each block its own object under blocks/, then the manifest and the tag.
        var store = new LocalBlobStore(new LocalBlobStoreOptions { RootPath = work.Combine("store") });
        var manifest = new Manifest(
            ChunkingParameters.FixedSize(ChunkingParameters.DefaultBlockSize),
            files.Select((f, i) => new ManifestEntry($"f{i}.bin", EntryType.File, f.Length, 0x1A4, new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc))).ToList(),
            files.Select(f => new BlockRef(BlockSignature.Compute(f), f.Length)).ToList());
        foreach (var file in files)
        {
            using var payload = BlockPayload.Encode(file, level: 3);
            await store.PutAsync(PackKeys.Loose(BlockSignature.Compute(file)), payload.Memory, CancellationToken.None);
        }

        var bytes = ManifestSerializer.ToCanonicalBytes(manifest);
        var digest = Digest.Compute(bytes);
        var datasets = new DatasetStore(store);
        await datasets.PutManifestAsync(digest, bytes, CancellationToken.None);
        await datasets.PutTagAsync("old", "v1", new TagRecord(digest, DateTime.UtcNow, null), CancellationToken.None);

        await using var hub = await HubHost.StartAsync(work);
        (await Infrastructure.Cli.RunAsync(hub.Environment(), "pull", "old:v1", _temp.Combine("before-gc"))).AssertSuccess();
        TreeAssert.Equal(source, _temp.Combine("before-gc"));

        (await Infrastructure.Cli.RunAsync(hub.Environment(), "gc", "--grace", "0s")).AssertSuccess();

        Assert.Empty(Directory.Exists(Path.Join(hub.StoragePath, "blocks")) ? Directory.EnumerateFiles(Path.Join(hub.StoragePath, "blocks"), "*", SearchOption.AllDirectories) : []);
        Assert.Equal(manifest.Blocks.Select(b => b.Signature).Order(), HubStorage.Blocks(hub.StoragePath).Keys.Order());
        (await Infrastructure.Cli.RunAsync(hub.Environment(), "pull", "old:v1", _temp.Combine("after-gc"))).AssertSuccess();
        TreeAssert.Equal(source, _temp.Combine("after-gc"));
    }
}
