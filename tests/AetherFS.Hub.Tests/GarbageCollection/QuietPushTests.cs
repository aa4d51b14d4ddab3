using AetherFS.Hub.GarbageCollection;
using AetherFS.Storage.Claims;

namespace AetherFS.Hub.Tests.GarbageCollection;

/// <summary>
/// A push that wrote nothing (no claim, no pack) for <see cref="GarbageCollector.QuietPushAfter"/> has failed or
/// stalled: collections stop honouring its claims, well before the hour, and delete them.
/// </summary>
public sealed class QuietPushTests : IDisposable
{
    private readonly GcHarness _hub = new();

    public void Dispose() => _hub.Dispose();

    [Fact]
    public async Task Collect_ClaimsOfAPushQuietForLongerThan15Minutes_AreDroppedWithTheBlocksOnlyTheyKept()
    {
        var signature = await _hub.PutBlockAsync(GcHarness.Bytes(1));
        var pushId = ClaimStore.NewId();
        Assert.Empty(await _hub.Queries.FindMissingAsync([signature], pushId, CancellationToken.None));
        _hub.AgeEverything(TimeSpan.FromMinutes(20));

        var report = await _hub.CollectAsync(TimeSpan.Zero);

        Assert.False(_hub.HasBlock(signature));
        Assert.Equal((1, 0, 1), (report.Claims.Examined, report.Claims.Honored, report.Claims.Removed));
        Assert.Empty(Directory.EnumerateFiles(_hub.PathOf("claims"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Collect_ClaimsOfAPushThatClaimedWithin15Minutes_AreHonoured()
    {
        var signature = await _hub.PutBlockAsync(GcHarness.Bytes(2));
        var pushId = ClaimStore.NewId();
        _hub.AgeEverything(TimeSpan.FromMinutes(30));
        Assert.Empty(await _hub.Queries.FindMissingAsync([signature], pushId, CancellationToken.None));
        _hub.AgeEverything(TimeSpan.FromMinutes(10));

        var report = await _hub.CollectAsync(TimeSpan.Zero);

        Assert.True(_hub.HasBlock(signature));
        Assert.Equal(1, report.Claims.Honored);
    }

    [Fact]
    public async Task Collect_OldClaimsOfAPushStillUploadingPacks_AreHonoured()
    {
        var present = await _hub.PutBlockAsync(GcHarness.Bytes(3));
        var pushId = ClaimStore.NewId();
        Assert.Empty(await _hub.Queries.FindMissingAsync([present], pushId, CancellationToken.None));
        _hub.AgeEverything(TimeSpan.FromMinutes(20));
        var uploaded = GcHarness.Bytes(4);
        await _hub.Blocks.PutRawAsync(GcHarness.Signature(uploaded), uploaded, CancellationToken.None, pushId);

        await _hub.CollectAsync(TimeSpan.Zero);

        Assert.True(_hub.HasBlock(present));
        Assert.True(_hub.HasBlock(GcHarness.Signature(uploaded)));
    }
}
