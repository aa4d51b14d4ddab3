using System.Text.RegularExpressions;
using AetherFS.IntegrationTests.Infrastructure;

namespace AetherFS.IntegrationTests.Agent;

/// <summary>A subscription to a tag that does not exist fails visibly: /healthz answers 503 and the log says so once.</summary>
public sealed class MissingTagTests : IClassFixture<HubFixture>, IDisposable
{
    private readonly HubHost _hub;
    private readonly TempDirectory _temp = new();

    public MissingTagTests(HubFixture fixture) => _hub = fixture.Hub;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task ASubscriptionToAMissingTag_IsFailingOnHealthz_UntilTheTagAppears()
    {
        var source = _temp.Combine("src");
        TreeBuilder.WriteFile(source, "a.txt", "ghost"u8.ToArray());
        (await Infrastructure.Cli.RunAsync(_hub.Environment(), "push", "-t", "ghost:v1", source)).AssertSuccess();
        var directory = _temp.Combine("synced");

        await using var agent = await AgentProcess.StartAsync(_hub, _temp.Combine("cache"), "--sync", $"ghost:v2={directory}");

        await agent.WaitForAsync(async () => (await agent.HealthAsync()).Status == 503, "503 for a missing tag");
        var subscription = await agent.SubscriptionAsync();
        Assert.Equal("Degraded", subscription.GetProperty("state").GetString());
        Assert.Contains("tag ghost:v2 not found", subscription.GetProperty("lastError").GetString(), StringComparison.Ordinal);

        // However long it stays missing, one warning for the change of state, not one per retry.
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Single(Regex.Matches(agent.Output, "ghost:v2 is failing"));

        (await Infrastructure.Cli.RunAsync(_hub.Environment(), "tag", "ghost:v1", "ghost:v2")).AssertSuccess();

        await agent.WaitForAsync(async () => (await agent.SubscriptionAsync()).GetProperty("state").GetString() == "Synced", "the sync once the tag exists");
        Assert.Equal(200, (await agent.HealthAsync()).Status);
        Assert.Equal("ghost", File.ReadAllText(Path.Join(directory, "current", "a.txt")));
        await agent.WaitForAsync(() => Task.FromResult(agent.Output.Contains("ghost:v2 follows its tag again", StringComparison.Ordinal)), "the recovery logged");
    }
}
