using System.Globalization;
using AetherFS.IntegrationTests.Infrastructure;

namespace AetherFS.IntegrationTests.Processes;

/// <summary>
/// Process-level peer sharing: four real agent processes that list each other sync one version, and one of them (a
/// quarter) is killed with SIGKILL halfway through its sync. The other three finish (the dead peer's blocks go to their
/// backups or the hub), and the killed one finishes after it is started again on its port and cache.
/// </summary>
public sealed class PeerKillTests : IDisposable
{
    private const string Token = "peer-kill-test-token-0123456789ab";
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task AQuarterOfTheAgentsKilledMidSync_TheRestFinish_AndTheKilledOneFinishesAfterRestart()
    {
        await using var hub = await HubHost.StartAsync();
        var source = _temp.Combine("src");
        for (var i = 0; i < 4; i++)
        {
            TreeBuilder.WriteFile(source, $"part-{i}.bin", TreeBuilder.RandomBytes(64 * 64 * 1024, 300 + i));
        }

        var tokenFile = _temp.Combine("token");
        File.WriteAllText(tokenFile, Token);
        var ports = FreePorts.Take(4);
        var peers = string.Join(",", ports.Select(p => $"http://127.0.0.1:{p}"));
        string[] Args(int i) => ["--port", ports[i].ToString(CultureInfo.InvariantCulture), "--sync", $"peers/kill:v1={_temp.Combine($"synced-{i}")}", "--peers", peers, "--peer-token-file", tokenFile];
        var agents = new AgentProcess[4];
        try
        {
            for (var i = 0; i < agents.Length; i++)
            {
                agents[i] = await AgentProcess.StartAsync(hub, _temp.Combine($"cache-{i}"), Args(i));
            }

            (await Infrastructure.Cli.RunAsync(hub.Environment(), "push", "-t", "peers/kill:v1", "--block-size", "64KiB", source)).AssertSuccess();

            // Killed once it holds some of the version's blocks, before it could have all of them.
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (CacheContents.CountBlocks(_temp.Combine("cache-0")) < 16 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(2);
            }

            await agents[0].KillAsync();
            Assert.False(File.Exists(Path.Join(_temp.Combine("synced-0"), "current", "part-3.bin")), "the agent was killed before its sync ended");

            for (var i = 1; i < agents.Length; i++)
            {
                var agent = agents[i];
                await agent.WaitForAsync(async () => (await agent.SubscriptionAsync()).GetProperty("syncs").GetInt32() == 1, "sync without the killed peer", TimeSpan.FromSeconds(90));
                TreeAssert.Equal(source, _temp.Combine($"synced-{i}", "current"));
            }

            await agents[0].DisposeAsync();
            agents[0] = await AgentProcess.StartAsync(hub, _temp.Combine("cache-0"), Args(0));
            await agents[0].WaitForAsync(async () => (await agents[0].SubscriptionAsync()).GetProperty("syncs").GetInt32() == 1, "sync after restart", TimeSpan.FromSeconds(90));
            TreeAssert.Equal(source, _temp.Combine("synced-0", "current"));
            Assert.True((await agents[0].SubscriptionAsync()).GetProperty("blocksFromPeers").GetInt64() > 0, "the restarted agent took blocks from its peers");
        }
        finally
        {
            foreach (var agent in agents.Where(a => a is not null))
            {
                await agent.DisposeAsync();
            }
        }
    }
}
