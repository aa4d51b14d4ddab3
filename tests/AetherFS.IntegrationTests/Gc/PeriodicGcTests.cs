using AetherFS.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace AetherFS.IntegrationTests.Gc;

/// <summary><c>run hub --gc-interval</c>: the hub collects on its own.</summary>
public sealed class PeriodicGcTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task HubWithAGcInterval_CollectsADeletedTagsBlocksOnItsOwn_AndNothingPushedMeanwhile()
    {
        // The hub's clock is the test's: each Advance of an interval is one turn of the periodic collection.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var hub = await HubHost.StartAsync(options: ["--gc-interval", "1h", "--gc-grace", "0s", "--gc-max-unused", "0"], time: clock);
        var env = hub.Environment();
        var shared = TreeBuilder.RandomBytes(1_500_000, 1);
        TreeBuilder.WriteFile(_temp.Combine("v1"), "shared.bin", shared);
        TreeBuilder.WriteFile(_temp.Combine("v1"), "only.bin", TreeBuilder.RandomBytes(1_000_000, 2));
        TreeBuilder.WriteFile(_temp.Combine("v2"), "shared.bin", shared);
        // Both pushes run while the hub collects with no grace (a turn every few milliseconds): claims alone keep them whole.
        using var turns = new CancellationTokenSource();
        var turning = Task.Run(async () =>
        {
            while (!turns.IsCancellationRequested)
            {
                clock.Advance(TimeSpan.FromHours(1));
                await Task.Yield();
            }
        });
        (await Infrastructure.Cli.RunAsync(env, "push", "-t", "auto:v1", _temp.Combine("v1"))).AssertSuccess();
        // From another machine, with no cache: full blocks, so no block of v1 stays as the base of a delta.
        (await Infrastructure.Cli.RunAsync(hub.Environment(_temp.Combine("other-machine")), "push", "-t", "auto:v2", _temp.Combine("v2"))).AssertSuccess();
        await turns.CancelAsync();
        await turning;
        var (old, current) = (await GcStore.BlocksOfAsync(hub, "auto", "v1"), await GcStore.BlocksOfAsync(hub, "auto", "v2"));
        (await Infrastructure.Cli.RunAsync(env, "rm", "auto:v1")).AssertSuccess();

        clock.Advance(TimeSpan.FromHours(1));
        // Read while the collection may still be rewriting packs: wait until the store holds exactly v2's blocks.
        await Eventually.HoldsAsync(() => Task.FromResult(GcStore.Blocks(hub).Keys.Order().SequenceEqual(current.Order())), "the periodic collection", () => hub.Output);
        var destination = _temp.Combine("pulled");
        (await Infrastructure.Cli.RunAsync(hub.Environment(), "pull", "auto:v2", destination)).AssertSuccess();
        TreeAssert.Equal(_temp.Combine("v2"), destination);
    }
}
