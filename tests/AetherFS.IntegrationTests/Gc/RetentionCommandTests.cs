using AetherFS.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace AetherFS.IntegrationTests.Gc;

/// <summary><c>aetherfs retention</c> policies, applied by <c>aetherfs gc</c>.</summary>
public sealed class RetentionCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task KeepLast_ExpiresOlderVersionTags_NeverProtectedOnes_AndGcReclaimsTheirData()
    {
        await using var hub = await HubHost.StartAsync();
        var env = hub.Environment();
        for (var i = 1; i <= 4; i++)
        {
            TreeBuilder.WriteFile(_temp.Combine($"v{i}"), "data.bin", TreeBuilder.RandomBytes(300_000, i));
            (await Infrastructure.Cli.RunAsync(env, "push", "-t", $"maps:v{i}", _temp.Combine($"v{i}"))).AssertSuccess();
        }

        (await Infrastructure.Cli.RunAsync(env, "tag", "maps:v1", "maps:stable")).AssertSuccess();
        var set = (await Infrastructure.Cli.RunAsync(env, "retention", "set", "maps", "--keep-last", "2", "--protect", "stable,lat*")).AssertSuccess();
        Assert.Contains("keep the newest 2; protect stable, lat*", set.StandardOutput, StringComparison.Ordinal);
        var shown = (await Infrastructure.Cli.RunAsync(env, "retention", "show", "maps", "--json")).AssertSuccess().Json();
        Assert.Equal(2, shown.GetProperty("keepLast").GetInt32());

        var dry = (await Infrastructure.Cli.RunAsync(env, "gc", "--dry-run", "--grace", "0s", "--json")).AssertSuccess().Json();
        Assert.Equal(5, await TagCountAsync(env));
        var real = (await Infrastructure.Cli.RunAsync(env, "gc", "--grace", "0s", "--json")).AssertSuccess().Json();

        Assert.Equal(["v1", "v2"], dry.GetProperty("expiredTags").EnumerateArray().Select(t => t.GetProperty("tag").GetString()!).Order());
        Assert.Equal(["v1", "v2"], real.GetProperty("expiredTags").EnumerateArray().Select(t => t.GetProperty("tag").GetString()!).Order());
        var tags = (await Infrastructure.Cli.RunAsync(env, "tags", "maps", "--json")).AssertSuccess().Json();
        Assert.Equal(["stable", "v3", "v4"], tags.GetProperty("tags").EnumerateArray().Select(t => t.GetProperty("tag").GetString()!));
        // v2's data went with its tag; v1's stays for stable, and still pulls whole.
        Assert.Equal(dry.GetProperty("blocks").GetProperty("deleted").GetInt64(), real.GetProperty("blocks").GetProperty("deleted").GetInt64());
        Assert.True(real.GetProperty("blocks").GetProperty("deleted").GetInt64() > 0);
        var destination = _temp.Combine("stable");
        (await Infrastructure.Cli.RunAsync(hub.Environment(), "pull", "maps:stable", destination)).AssertSuccess();
        TreeAssert.Equal(_temp.Combine("v1"), destination);

        (await Infrastructure.Cli.RunAsync(env, "retention", "clear", "maps")).AssertSuccess();
        Assert.Contains("none", (await Infrastructure.Cli.RunAsync(env, "retention", "show", "maps")).AssertSuccess().StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MaxAge_ExpiresTagsPublishedLongerAgo()
    {
        // The hub's clock, moved on by the test: publish times and retention's "now" both read it.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var hub = await HubHost.StartAsync(time: clock);
        var env = hub.Environment();
        TreeBuilder.WriteFile(_temp.Combine("a"), "a.bin", TreeBuilder.RandomBytes(10_000, 1));
        TreeBuilder.WriteFile(_temp.Combine("b"), "b.bin", TreeBuilder.RandomBytes(10_000, 2));
        (await Infrastructure.Cli.RunAsync(env, "push", "-t", "logs:old", _temp.Combine("a"))).AssertSuccess();
        clock.Advance(TimeSpan.FromDays(8));
        (await Infrastructure.Cli.RunAsync(env, "retention", "set", "logs", "--max-age", "7d")).AssertSuccess();
        (await Infrastructure.Cli.RunAsync(env, "push", "-t", "logs:new", _temp.Combine("b"))).AssertSuccess();

        var report = (await Infrastructure.Cli.RunAsync(env, "gc", "--json")).AssertSuccess().Json();

        var expired = Assert.Single(report.GetProperty("expiredTags").EnumerateArray());
        Assert.Equal(("old", "older than 7d"), (expired.GetProperty("tag").GetString(), expired.GetProperty("reason").GetString()));
        Assert.Equal(1, await TagCountAsync(env, "logs"));
    }

    [Theory]
    [InlineData("retention", "set", "maps")]
    [InlineData("retention", "set", "maps", "--keep-last", "0")]
    [InlineData("retention", "set", "maps", "--max-age", "forever")]
    [InlineData("retention", "set", "maps", "--keep-last", "1", "--protect", "a b")]
    [InlineData("retention", "show", "maps:v1")]
    public async Task InvalidPolicies_FailWithOneLine(params string[] args)
    {
        await using var hub = await HubHost.StartAsync();

        (await Infrastructure.Cli.RunAsync(hub.Environment(), args)).AssertFailedWithOneLine(2);
    }

    private static async Task<int> TagCountAsync(IReadOnlyDictionary<string, string> env, string name = "maps") =>
        (await Infrastructure.Cli.RunAsync(env, "tags", name, "--json")).AssertSuccess().Json().GetProperty("tags").GetArrayLength();
}
