using AetherFS.Core.References;
using AetherFS.Storage.Blobs;
using AetherFS.Storage.Claims;

namespace AetherFS.Hub.Tests.GarbageCollection;

/// <summary>
/// The in-flight push against a collection with no grace at all: claims alone must keep what the push relies on,
/// whether it was told a block is present, is uploading it, or has stored its manifest but not yet its tag.
/// </summary>
public sealed class ClaimRaceTests
{
    private static readonly TimeSpan NoGrace = TimeSpan.Zero;

    [Fact]
    public async Task OldUnreferencedBlock_FindMissingSaysPresent_CollectionRightAfterKeepsIt_AndThePushCompletes()
    {
        using var hub = new GcHarness();
        byte[] reused = GcHarness.Bytes(1), fresh = GcHarness.Bytes(2);
        var reusedSignature = await hub.PutBlockAsync(reused);
        hub.AgeEverything(TimeSpan.FromDays(30));
        var pushId = ClaimStore.NewId();

        var missing = await hub.Queries.FindMissingAsync([reusedSignature, GcHarness.Signature(fresh)], pushId, CancellationToken.None);
        Assert.Equal([GcHarness.Signature(fresh)], missing);
        var during = await hub.CollectAsync(NoGrace);

        Assert.True(hub.HasBlock(reusedSignature));
        Assert.Equal((1, 0), (during.Blocks.Claimed, during.Blocks.Deleted));
        // The push goes on, trusting the answer: it uploads only the fresh block, then publishes.
        await hub.Blocks.PutRawAsync(GcHarness.Signature(fresh), fresh, CancellationToken.None);
        var manifest = GcHarness.Manifest(reused, fresh);
        var digest = Digest.Compute(manifest);
        Assert.True((await hub.Publisher.PutManifestAsync(digest, manifest, pushId, CancellationToken.None)).Succeeded);
        var midway = await hub.CollectAsync(NoGrace);
        Assert.True((await hub.Publisher.PutTagAsync("geo", "v1", digest, null, createOnly: false, pushId, CancellationToken.None)).Succeeded);
        var after = await hub.CollectAsync(NoGrace);

        Assert.Equal((1, 0), (midway.Manifests.Claimed, midway.Manifests.Deleted + midway.Blocks.Deleted));
        Assert.Equal((1, 2, 0), (after.Manifests.Referenced, after.Blocks.Referenced, after.Blocks.Deleted));
    }

    [Fact]
    public async Task OldUnreferencedBlock_WithoutAClaim_IsDeleted()
    {
        using var hub = new GcHarness();
        var signature = await hub.PutBlockAsync(GcHarness.Bytes(1));

        var report = await hub.CollectAsync(NoGrace);

        Assert.False(hub.HasBlock(signature));
        Assert.Equal(1, report.Blocks.Deleted);
    }

    [Fact]
    public async Task UploadedBlocks_OfAPushNotYetPublished_SurviveACollectionWithNoGrace()
    {
        using var hub = new GcHarness();
        var blocks = Enumerable.Range(0, 5).Select(i => GcHarness.Bytes(i)).ToList();
        var pushId = ClaimStore.NewId();
        await hub.Queries.FindMissingAsync(blocks.Select(GcHarness.Signature).ToList(), pushId, CancellationToken.None);
        foreach (var block in blocks)
        {
            // Uploaded under the push's id, as the CLI does: the index segment is the push's claim on them.
            await hub.Blocks.PutRawAsync(GcHarness.Signature(block), block, CancellationToken.None, pushId);
        }

        var report = await hub.CollectAsync(NoGrace);

        Assert.Equal((5, 0), (report.Blocks.Claimed, report.Blocks.Deleted));
    }

    [Fact]
    public async Task ReleasedPush_StopsProtectingItsBlocks_OnceItsTagIsDeleted()
    {
        using var hub = new GcHarness();
        await hub.PushAsync("geo", "v1", GcHarness.Bytes(1));
        await hub.Publisher.DeleteTagAsync("geo", "v1", CancellationToken.None);

        var report = await hub.CollectAsync(NoGrace);

        Assert.Equal(1, report.Blocks.Deleted);
        Assert.Equal(0, report.Claims.Honored);
    }

    [Fact]
    public async Task ClaimArrivingWhileTheBlockIsBeingDeleted_PutsTheBlockBack()
    {
        // A hub claims the block (and finds it present) after the collection read the claims and before it deleted
        // the block: the collection reads the claims again after deleting and restores the block.
        var victim = GcHarness.Bytes(1);
        var victimSignature = GcHarness.Signature(victim);
        string? victimPack = null;
        using var hub = new GcHarness((inner, claims) => new ClaimOnDeleteStore(inner, claims, () => victimPack, victimSignature));
        await hub.PutBlockAsync(victim);
        victimPack = (await hub.Blocks.LocationOfAsync(victimSignature, CancellationToken.None))!.Value.Key;
        var other = await hub.PutBlockAsync(GcHarness.Bytes(2));

        var report = await hub.CollectAsync(NoGrace);

        Assert.True(hub.HasBlock(victimSignature));
        Assert.False(hub.HasBlock(other));
        Assert.Equal((1, 1, 1), (report.Blocks.Restored, report.Blocks.Claimed, report.Blocks.Deleted));
        using var read = await hub.Blocks.ReadAsync(victimSignature, CancellationToken.None);
        Assert.Equal(victim, read!.Memory.ToArray());
    }

    [Fact]
    public async Task OldManifest_RetaggedDuringACollection_IsKeptWithItsBlocks()
    {
        using var hub = new GcHarness();
        var block = GcHarness.Bytes(1);
        var digest = await hub.PushAsync("geo", "v1", block);
        await hub.Publisher.DeleteTagAsync("geo", "v1", CancellationToken.None);
        hub.AgeEverything(TimeSpan.FromDays(1));
        // "aetherfs tag geo@sha256:... geo:v2" claims the digest before it looks for the manifest.
        await hub.Claims.ClaimAsync(null, [digest], CancellationToken.None);

        var report = await hub.CollectAsync(NoGrace);

        Assert.True(hub.HasManifest(digest));
        Assert.True(hub.HasBlock(GcHarness.Signature(block)));
        Assert.Equal((1, 1), (report.Manifests.Claimed, report.Blocks.Referenced));
        Assert.True((await hub.Publisher.PutTagAsync("geo", "v2", digest, null, createOnly: false, pushId: null, CancellationToken.None)).Succeeded);
    }

    /// <summary>Writes a claim naming <c>claimed</c> just before deleting the key <c>key</c> names, as a hub answering FindMissing then would.</summary>
    private sealed class ClaimOnDeleteStore(IBlobStore inner, ClaimStore claims, Func<string?> key, string claimed) : IBlobStore
    {
        public Task<BlobInfo?> HeadAsync(string k, CancellationToken cancellationToken) => inner.HeadAsync(k, cancellationToken);

        public Task<BlobContent?> OpenReadAsync(string k, long offset, long? length, CancellationToken cancellationToken) => inner.OpenReadAsync(k, offset, length, cancellationToken);

        public Task PutAsync(string k, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) => inner.PutAsync(k, content, cancellationToken);

        public async Task<bool> DeleteAsync(string k, CancellationToken cancellationToken)
        {
            if (k == key())
            {
                await claims.ClaimAsync(null, [claimed], cancellationToken);
            }

            return await inner.DeleteAsync(k, cancellationToken);
        }

        public IAsyncEnumerable<BlobInfo> ListAsync(string prefix, CancellationToken cancellationToken) => inner.ListAsync(prefix, cancellationToken);
    }
}
