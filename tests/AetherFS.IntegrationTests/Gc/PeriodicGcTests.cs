using AetherFS.IntegrationTests.Infrastructure;

namespace AetherFS.IntegrationTests.Gc;

/// <summary><c>run hub --gc-interval</c>: the hub collects on its own.</summary>
public sealed class PeriodicGcTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task HubWithAGcInterval_CollectsADeletedTagsBlocksOnItsOwn_AndNothingPushedMeanwhile()
    {
        await using var hub = await HubProcess.StartAsync(options: ["--gc-interval", "1s", "--gc-grace", "0s"]);
        var env = hub.Environment();
        var shared = TreeBuilder.RandomBytes(1_500_000, 1);
        TreeBuilder.WriteFile(_temp.Combine("v1"), "shared.bin", shared);
        TreeBuilder.WriteFile(_temp.Combine("v1"), "only.bin", TreeBuilder.RandomBytes(1_000_000, 2));
        TreeBuilder.WriteFile(_temp.Combine("v2"), "shared.bin", shared);
        // Both pushes run while the hub collects every second with no grace: claims alone keep them whole.
        (await Infrastructure.Cli.RunAsync(env, "push", "-t", "auto:v1", _temp.Combine("v1"))).AssertSuccess();
        (await Infrastructure.Cli.RunAsync(env, "push", "-t", "auto:v2", _temp.Combine("v2"))).AssertSuccess();
        var (old, current) = (await GcStore.BlocksOfAsync(hub, "auto", "v1"), await GcStore.BlocksOfAsync(hub, "auto", "v2"));
        (await Infrastructure.Cli.RunAsync(env, "rm", "auto:v1")).AssertSuccess();

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (GcStore.Blocks(hub).Keys.Intersect(old.Except(current)).Any() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
        }

        Assert.Equal(current.Order(), GcStore.Blocks(hub).Keys.Order());
        var destination = _temp.Combine("pulled");
        (await Infrastructure.Cli.RunAsync(hub.Environment(), "pull", "auto:v2", destination)).AssertSuccess();
        TreeAssert.Equal(_temp.Combine("v2"), destination);
    }
}
