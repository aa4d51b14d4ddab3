using System.Text;
using AetherFS.Core.Datasets;
using AetherFS.Core.References;
using AetherFS.Hub.GarbageCollection;
using AetherFS.Storage.Datasets;

namespace AetherFS.Hub.Tests.GarbageCollection;

/// <summary>A mark that cannot read everything deletes nothing: what it could not read might reference anything.</summary>
public sealed class GcAbortTests : IDisposable
{
    private readonly GcHarness _hub = new();

    public void Dispose() => _hub.Dispose();

    [Fact]
    public async Task UnreadableTag_StopsTheCollectionBeforeAnyDeletion()
    {
        var garbage = await _hub.PutBlockAsync(GcHarness.Bytes(1));
        await _hub.Blobs.PutAsync(DatasetStore.TagKey("geo", "v1"), Encoding.UTF8.GetBytes("{not json"), CancellationToken.None);

        var error = await Assert.ThrowsAsync<GcAbortedException>(() => _hub.CollectAsync(TimeSpan.Zero));

        Assert.Contains("geo", error.Message, StringComparison.Ordinal);
        Assert.True(_hub.HasBlock(garbage));
    }

    [Fact]
    public async Task TagPointingAtAMissingManifest_StopsTheCollectionAndNamesTheTag()
    {
        var garbage = await _hub.PutBlockAsync(GcHarness.Bytes(1));
        await _hub.Datasets.PutTagAsync("geo", "v1", new TagRecord(Digest.Compute("gone"u8), DateTime.UtcNow, null), CancellationToken.None);

        var error = await Assert.ThrowsAsync<GcAbortedException>(() => _hub.CollectAsync(TimeSpan.Zero));

        Assert.Contains("geo:v1", error.Message, StringComparison.Ordinal);
        Assert.True(_hub.HasBlock(garbage));
    }

    [Fact]
    public async Task CorruptManifest_StopsTheCollectionBeforeAnyDeletion()
    {
        var digest = await _hub.PushAsync("geo", "v1", GcHarness.Bytes(1));
        var garbage = await _hub.PutBlockAsync(GcHarness.Bytes(2));
        await _hub.Blobs.PutAsync(DatasetStore.ManifestKey(digest), Encoding.UTF8.GetBytes("{\"schemaVersion\":1}"), CancellationToken.None);

        await Assert.ThrowsAsync<GcAbortedException>(() => _hub.CollectAsync(TimeSpan.Zero));

        Assert.True(_hub.HasBlock(garbage));
    }

    [Fact]
    public async Task UnreadableRetentionPolicy_StopsTheCollectionBeforeAnyDeletion()
    {
        var garbage = await _hub.PutBlockAsync(GcHarness.Bytes(1));
        await _hub.Blobs.PutAsync(AetherFS.Storage.Retention.RetentionStore.KeyOf("geo"), Encoding.UTF8.GetBytes("{\"keepLast\":\"many\"}"), CancellationToken.None);

        await Assert.ThrowsAsync<GcAbortedException>(() => _hub.CollectAsync(TimeSpan.Zero));

        Assert.True(_hub.HasBlock(garbage));
    }
}
