using AetherFS.Storage.Blobs;
using AetherFS.Storage.Claims;
using Microsoft.Extensions.Time.Testing;

namespace AetherFS.Storage.Tests.Claims;

public sealed class ClaimBudgetTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly FakeTimeProvider _time = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Claim_BeyondTheObjectsOnePushMayWrite_IsRefused_AndWritesNothing()
    {
        var store = new ClaimStore(new LocalBlobStore(new LocalBlobStoreOptions { RootPath = _temp.Path, Fsync = false }), new ClaimBudget(_time, TimeSpan.FromHours(1)));
        var pushId = ClaimStore.NewId();
        for (var i = 0; i < ClaimBudget.MaxObjectsPerPush; i++)
        {
            await store.ClaimAsync(pushId, [new string('a', 64)], CancellationToken.None);
        }

        await Assert.ThrowsAsync<ClaimLimitException>(() => store.ClaimAsync(pushId, [new string('a', 64)], CancellationToken.None));

        Assert.Equal(ClaimBudget.MaxObjectsPerPush, Directory.GetFiles(Path.Join(_temp.Path, "claims", pushId)).Length);
        await store.ClaimAsync(ClaimStore.NewId(), [new string('a', 64)], CancellationToken.None);
        _time.Advance(TimeSpan.FromHours(1.5));
        await store.ClaimAsync(pushId, [new string('a', 64)], CancellationToken.None);
    }

    [Fact]
    public void Charge_BeyondTheItemsOnePushMayClaim_IsRefused()
    {
        var budget = new ClaimBudget(_time, TimeSpan.FromHours(1));
        var pushId = ClaimStore.NewId();

        Assert.True(budget.TryCharge(pushId, ClaimBudget.MaxItemsPerPush - 1));
        Assert.False(budget.TryCharge(pushId, 2));
        Assert.True(budget.TryCharge(pushId, 1));
        Assert.False(budget.TryCharge(pushId, 1));
    }
}
