using AetherFS.Storage.Retention;

namespace AetherFS.Hub.Tests.GarbageCollection;

/// <summary>Retention policies applied by a collection: expired tags go first, then what only they referenced.</summary>
public sealed class RetentionApplierTests : IDisposable
{
    private readonly GcHarness _hub = new();

    public void Dispose() => _hub.Dispose();

    [Fact]
    public async Task KeepLast_ExpiresOlderVersions_ButNeverProtectedTags()
    {
        for (var i = 1; i <= 4; i++)
        {
            await _hub.PushAsync("geo", $"v{i}", GcHarness.Bytes(i));
        }

        var first = (await _hub.Datasets.GetTagAsync("geo", "v1", CancellationToken.None))!.Digest;
        await _hub.Publisher.PutTagAsync("geo", "stable", first, null, createOnly: false, AetherFS.Storage.Claims.ClaimStore.NewId(), CancellationToken.None);
        await _hub.Retention.PutAsync("geo", new RetentionPolicy(2, null, ["stable"]), CancellationToken.None);

        var dry = await _hub.CollectAsync(TimeSpan.Zero, dryRun: true);
        Assert.Equal(5, await TagCountAsync());
        var real = await _hub.CollectAsync(TimeSpan.Zero);

        Assert.Equal(["v1", "v2"], dry.ExpiredTags.Select(t => t.Tag).Order(StringComparer.Ordinal));
        Assert.Equal(dry.ExpiredTags.Select(t => t.Tag).Order(), real.ExpiredTags.Select(t => t.Tag).Order());
        Assert.Equal(["stable", "v3", "v4"], await _hub.Datasets.ListTagsAsync("geo", CancellationToken.None).Select(t => t.Tag).ToListAsync());
        // v2's block went with its tag; v1's stays, as stable still points at that version.
        Assert.Equal((1, 1), (dry.Blocks.Deleted, real.Blocks.Deleted));
        Assert.False(_hub.HasBlock(GcHarness.Signature(GcHarness.Bytes(2))));
        Assert.True(_hub.HasBlock(GcHarness.Signature(GcHarness.Bytes(1))));
    }

    [Fact]
    public async Task MaxAge_ExpiresTagsPublishedLongerAgo()
    {
        await _hub.PushAsync("geo", "old", GcHarness.Bytes(1));
        _hub.Time.Offset = TimeSpan.FromDays(10);
        await _hub.PushAsync("geo", "new", GcHarness.Bytes(2));
        await _hub.Retention.PutAsync("geo", new RetentionPolicy(null, TimeSpan.FromDays(7), []), CancellationToken.None);

        var report = await _hub.CollectAsync(TimeSpan.Zero);

        var expired = Assert.Single(report.ExpiredTags);
        Assert.Equal(("geo", "old", "older than 7d"), (expired.Name, expired.Tag, expired.Reason));
        Assert.Equal(["new"], await _hub.Datasets.ListTagsAsync("geo", CancellationToken.None).Select(t => t.Tag).ToListAsync());
    }

    [Fact]
    public async Task DatasetsWithoutAPolicy_KeepEveryTag()
    {
        for (var i = 1; i <= 3; i++)
        {
            await _hub.PushAsync("other", $"v{i}", GcHarness.Bytes(i));
        }

        await _hub.Retention.PutAsync("geo", new RetentionPolicy(1, null, []), CancellationToken.None);

        var report = await _hub.CollectAsync(TimeSpan.Zero);

        Assert.Empty(report.ExpiredTags);
        Assert.Equal(3, await _hub.Datasets.ListTagsAsync("other", CancellationToken.None).CountAsync());
    }

    private async Task<int> TagCountAsync() => await _hub.Datasets.ListTagsAsync("geo", CancellationToken.None).CountAsync();
}
