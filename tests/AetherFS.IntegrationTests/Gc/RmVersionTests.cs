using AetherFS.IntegrationTests.Infrastructure;

namespace AetherFS.IntegrationTests.Gc;

/// <summary><c>aetherfs rm NAME@sha256:DIGEST</c>: delete a version on request, every tag of it, and its data with --gc.</summary>
public sealed class RmVersionTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task RmByDigest_DeletesEveryTagOfTheVersion_AndGcTakesItsBlocksAtOnce()
    {
        await using var hub = await HubHost.StartAsync();
        var env = hub.Environment();
        TreeBuilder.WriteFile(_temp.Combine("licensed"), "data.bin", TreeBuilder.RandomBytes(800_000, 1));
        TreeBuilder.WriteFile(_temp.Combine("other"), "data.bin", TreeBuilder.RandomBytes(800_000, 2));
        var pushed = (await Infrastructure.Cli.RunAsync(env, "push", "-t", "lic:v1", "-t", "lic:latest", "--json", _temp.Combine("licensed"))).AssertSuccess().Json();
        (await Infrastructure.Cli.RunAsync(env, "push", "-t", "lic:v2", _temp.Combine("other"))).AssertSuccess();
        var digest = pushed.GetProperty("digest").GetString()!;
        var doomed = await GcStore.BlocksOfAsync(hub, "lic", digest);

        var rm = (await Infrastructure.Cli.RunAsync(env, "rm", $"lic@{digest}", "--gc", "--grace", "0s")).AssertSuccess();

        Assert.Contains($"deleted lic@{digest} (tags: latest, v1)", rm.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"deleted {doomed.Count} (", rm.StandardOutput, StringComparison.Ordinal);
        Assert.Empty(doomed.Intersect(GcStore.Blocks(hub).Keys));
        var tags = (await Infrastructure.Cli.RunAsync(env, "tags", "lic", "--json")).AssertSuccess().Json();
        Assert.Equal(["v2"], tags.GetProperty("tags").EnumerateArray().Select(t => t.GetProperty("tag").GetString()!));
        (await Infrastructure.Cli.RunAsync(env, "rm", $"lic@{digest}")).AssertFailedWithOneLine(3);
        (await Infrastructure.Cli.RunAsync(env, "pull", $"lic@{digest}", _temp.Combine("gone"))).AssertFailedWithOneLine(3);
    }

    [Fact]
    public async Task RmGraceWithoutGc_FailsWithOneLine()
    {
        await using var hub = await HubHost.StartAsync();

        (await Infrastructure.Cli.RunAsync(hub.Environment(), "rm", "x:v1", "--grace", "0s")).AssertFailedWithOneLine(2);
    }
}
