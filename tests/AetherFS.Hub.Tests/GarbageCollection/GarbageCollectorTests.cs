using AetherFS.Core.References;
using AetherFS.Storage.Blocks;

namespace AetherFS.Hub.Tests.GarbageCollection;

public sealed class GarbageCollectorTests : IDisposable
{
    private static readonly TimeSpan NoGrace = TimeSpan.Zero;
    private readonly GcHarness _hub = new();

    public void Dispose() => _hub.Dispose();

    [Fact]
    public async Task Collect_AfterTagDeletion_DeletesExactlyTheBlocksOnlyThatVersionUsed()
    {
        byte[] shared = GcHarness.Bytes(1), onlyOld = GcHarness.Bytes(2), onlyOld2 = GcHarness.Bytes(3), onlyNew = GcHarness.Bytes(4);
        var old = await _hub.PushAsync("geo", "v1", shared, onlyOld, onlyOld2);
        var current = await _hub.PushAsync("geo", "v2", shared, onlyNew);
        await _hub.Publisher.DeleteTagAsync("geo", "v1", CancellationToken.None);

        var report = await _hub.CollectAsync(NoGrace);

        Assert.Equal(new[] { shared, onlyNew }.Select(GcHarness.Signature).ToHashSet(), _hub.StoredBlocks());
        Assert.False(_hub.HasManifest(old));
        Assert.True(_hub.HasManifest(current));
        Assert.Equal((4, 2, 2), (report.Blocks.Examined, report.Blocks.Referenced, report.Blocks.Deleted));
        Assert.Equal((2, 1, 1), (report.Manifests.Examined, report.Manifests.Referenced, report.Manifests.Deleted));
        Assert.Equal(0, report.Blocks.Claimed);
        using var read = await _hub.Blocks.ReadAsync(GcHarness.Signature(onlyNew), CancellationToken.None);
        Assert.Equal(onlyNew, read!.Memory.ToArray());
    }

    [Fact]
    public async Task Collect_DryRun_DeletesNothingAndReportsWhatTheRealRunDeletes()
    {
        await _hub.PushAsync("geo", "v1", GcHarness.Bytes(1), GcHarness.Bytes(2));
        await _hub.PushAsync("geo", "v2", GcHarness.Bytes(1));
        await _hub.Publisher.DeleteTagAsync("geo", "v1", CancellationToken.None);
        var before = _hub.StoredBlocks();

        var dry = await _hub.CollectAsync(NoGrace, dryRun: true);
        Assert.Equal(before, _hub.StoredBlocks());
        var real = await _hub.CollectAsync(NoGrace);

        Assert.True(dry.DryRun);
        Assert.Equal(real.Blocks, dry.Blocks);
        Assert.Equal(real.Manifests, dry.Manifests);
        Assert.Equal(1, real.Blocks.Deleted);
        Assert.True(real.Blocks.DeletedBytes > 1000);
    }

    [Fact]
    public async Task Collect_DryRun_ReportsThePacksItWouldRewrite_AsTheRealRunThenDoes()
    {
        var blocks = Enumerable.Range(0, 6).Select(i => GcHarness.Bytes(i, 5000)).ToArray();
        await _hub.PushPackedAsync("geo", "v1", blocks);
        await _hub.PushAsync("geo", "v2", blocks[0], blocks[1]);
        await _hub.Publisher.DeleteTagAsync("geo", "v1", CancellationToken.None);

        var dry = await _hub.CollectAsync(NoGrace, dryRun: true, maxUnused: 0);
        var real = await _hub.CollectAsync(NoGrace, maxUnused: 0);

        Assert.Equal((1, 0), (dry.Packs.Rewritten, dry.Packs.Deleted));
        Assert.Equal((dry.Packs.Rewritten, dry.Packs.Deleted), (real.Packs.Rewritten, real.Packs.Deleted));
        Assert.Equal(real.Packs.ReadBytes, dry.Packs.ReadBytes);
        Assert.True(dry.Packs.FreedBytes > 4 * 5000 / 2, dry.Packs.ToString());
        Assert.Equal(real.Blocks.Deleted, dry.Blocks.Deleted);
        Assert.Equal(4, real.Blocks.Deleted);
        Assert.Equal(new[] { blocks[0], blocks[1] }.Select(GcHarness.Signature).ToHashSet(), _hub.StoredBlocks());
    }

    [Fact]
    public async Task Collect_CountsABlockStoredTwiceOnce_AndCompactsTheSecondCopyAway()
    {
        var block = GcHarness.Bytes(7, 5000);
        await _hub.PushPackedAsync("geo", "v1", block, GcHarness.Bytes(8, 5000));
        // Two hubs took the same block at once: a second pack holds another copy.
        await _hub.PutPackAsync(block, GcHarness.Bytes(9, 5000));

        var report = await _hub.CollectAsync(NoGrace, maxUnused: 0);

        Assert.Equal(2, report.Blocks.Referenced);
        Assert.Equal(block, await _hub.ReadFreshAsync(GcHarness.Signature(block)));
        var again = await _hub.CollectAsync(NoGrace, maxUnused: 0);
        // One copy of each block is left, in one pack, which the next collection keeps as it is.
        Assert.Equal((2, 2, 0, 0), (again.Blocks.Examined, again.Blocks.Referenced, again.Packs.Rewritten, again.Packs.Deleted));
    }

    [Fact]
    public async Task Collect_KeepsUnreferencedObjectsYoungerThanTheGracePeriod()
    {
        var digest = await _hub.PushAsync("geo", "v1", GcHarness.Bytes(1));
        await _hub.Publisher.DeleteTagAsync("geo", "v1", CancellationToken.None);
        var loose = await _hub.PutBlockAsync(GcHarness.Bytes(2));

        var young = await _hub.CollectAsync(TimeSpan.FromHours(1));
        // The young manifest is kept, and with it the blocks it names; the loose block is young itself.
        Assert.Equal((1, 0), (young.Manifests.Young, young.Manifests.Deleted));
        Assert.Equal((2, 1, 1, 0), (young.Blocks.Kept, young.Blocks.Referenced, young.Blocks.Young, young.Blocks.Deleted));
        Assert.True(_hub.HasManifest(digest));

        _hub.AgeEverything(TimeSpan.FromHours(2));
        var old = await _hub.CollectAsync(TimeSpan.FromHours(1));
        Assert.Equal((1, 2), (old.Manifests.Deleted, old.Blocks.Deleted));
        Assert.False(_hub.HasManifest(digest));
        Assert.False(_hub.HasBlock(loose));
        Assert.Empty(_hub.StoredBlocks());
    }

    [Fact]
    public async Task Collect_NeverDeletesWhatATagReferences_HoweverOld()
    {
        var digest = await _hub.PushAsync("geo", "v1", GcHarness.Bytes(1), GcHarness.Bytes(2));
        _hub.AgeEverything(TimeSpan.FromDays(400));

        var report = await _hub.CollectAsync(NoGrace);

        Assert.Equal(0, report.Blocks.Deleted + report.Manifests.Deleted);
        Assert.True(_hub.HasManifest(digest));
        Assert.Equal(2, _hub.StoredBlocks().Count);
    }

    [Fact]
    public async Task Collect_BlocksSharedAcrossDatasets_StayWhileAnyTagUsesThem()
    {
        var shared = GcHarness.Bytes(7);
        await _hub.PushAsync("a", "v1", shared);
        await _hub.PushAsync("b/nested", "v1", shared);
        await _hub.Publisher.DeleteTagAsync("a", "v1", CancellationToken.None);

        var report = await _hub.CollectAsync(NoGrace);

        Assert.True(_hub.HasBlock(GcHarness.Signature(shared)));
        Assert.Equal(0, report.Blocks.Deleted);
    }

    [Fact]
    public async Task Collect_LapsedClaims_AreRemoved_AndFreshOnesKept()
    {
        await _hub.Claims.ClaimAsync(null, [new string('a', 64)], CancellationToken.None);
        _hub.AgeEverything(TimeSpan.FromHours(3));
        await _hub.Claims.ClaimAsync(null, [new string('b', 64)], CancellationToken.None);

        var report = await _hub.CollectAsync(NoGrace);

        Assert.Equal((2, 1, 1), (report.Claims.Examined, report.Claims.Honored, report.Claims.Removed));
        Assert.Single(Directory.EnumerateFiles(_hub.PathOf("claims"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task DeleteVersion_RemovesEveryTagPointingAtTheDigest_AndCollectReclaimsIt()
    {
        var first = await _hub.PushAsync("geo", "v1", GcHarness.Bytes(1));
        await _hub.Publisher.PutTagAsync("geo", "latest", first, null, createOnly: false, AetherFS.Storage.Claims.ClaimStore.NewId(), CancellationToken.None);
        await _hub.PushAsync("geo", "v2", GcHarness.Bytes(2));

        var deleted = await _hub.Publisher.DeleteVersionAsync("geo", first, CancellationToken.None);
        var report = await _hub.CollectAsync(NoGrace);

        Assert.Equal(["latest", "v1"], deleted.Value!.Tags);
        Assert.False(_hub.HasBlock(GcHarness.Signature(GcHarness.Bytes(1))));
        Assert.Equal(1, report.Blocks.Deleted);
        Assert.Equal(["v2"], await _hub.Datasets.ListTagsAsync("geo", CancellationToken.None).Select(t => t.Tag).ToListAsync());
        Assert.Equal(AetherFS.Protocol.Errors.ErrorKind.NotFound, (await _hub.Publisher.DeleteVersionAsync("geo", first, CancellationToken.None)).Error?.Kind);
        Assert.Equal(AetherFS.Protocol.Errors.ErrorKind.NotFound, (await _hub.Publisher.DeleteVersionAsync("geo", "absent", CancellationToken.None)).Error?.Kind);
    }

    [Fact]
    public void BlockKeys_AreWhereTheHarnessLooks()
    {
        var signature = GcHarness.Signature(GcHarness.Bytes(1));
        Assert.Equal($"blocks/{signature[..2]}/{signature[2..]}", BlockStore.KeyOf(signature));
        Assert.True(Digest.IsValid(Digest.Compute(GcHarness.Manifest(GcHarness.Bytes(1)))));
    }
}
