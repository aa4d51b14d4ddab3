using System.Text.Json;
using AetherFS.IntegrationTests.Infrastructure;

namespace AetherFS.IntegrationTests.Mount;

/// <summary>
/// The agent mounts datasets beside its syncs (<c>--mount NAME:TAG=DIR</c> and <c>mount:</c> entries of its config
/// file): files appear in DIR, the mount follows its tag, /healthz reports it, and stopping the agent unmounts.
/// </summary>
public sealed class AgentMountTests : IClassFixture<HubFixture>, IDisposable
{
    private readonly HubHost _hub;
    private readonly TempDirectory _temp = new();

    public AgentMountTests(HubFixture fixture) => _hub = fixture.Hub;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task AgentMounts_FromFlagAndConfig_FollowTheTag_AndUnmountWhenTheAgentStops()
    {
        var first = await PushAsync("agentmount/flag:live", 1);
        var other = await PushAsync("agentmount/config:live", 2);
        var byFlag = Directory.CreateDirectory(_temp.Combine("by-flag")).FullName;
        var byConfig = Directory.CreateDirectory(_temp.Combine("by-config")).FullName;
        var config = _temp.Combine("agent.yaml");
        File.WriteAllText(config, $"""
            mount:
              - dataset: agentmount/config:live
                dir: {byConfig}
            """);

        var agent = await AgentHost.StartAsync(_hub, _temp.Combine("cache"), "--mount", $"agentmount/flag:live={byFlag}", "--config", config);
        try
        {
            await agent.WaitForAsync(() => Task.FromResult(File.Exists(Path.Join(byFlag, "data.bin")) && File.Exists(Path.Join(byConfig, "data.bin"))), "both mounts");
            Assert.Equal(first, await File.ReadAllBytesAsync(Path.Join(byFlag, "data.bin")));
            Assert.Equal(other, await File.ReadAllBytesAsync(Path.Join(byConfig, "data.bin")));
            Assert.Throws<IOException>(() => File.WriteAllText(Path.Join(byFlag, "new.txt"), "x"));

            var (status, health) = await agent.HealthAsync();
            Assert.Equal(200, status);
            var mounts = health.GetProperty("mounts").EnumerateArray().ToList();
            Assert.Equal(2, mounts.Count);
            Assert.All(mounts, m => Assert.Equal("Mounted", m.GetProperty("state").GetString()));
            Assert.Contains(mounts, m => m.GetProperty("directory").GetString() == byFlag && m.GetProperty("blocksFromHub").GetInt64() > 0);

            // The tag moves: the agent's mount follows it.
            var second = await PushAsync("agentmount/flag:live", 3);
            await agent.WaitForAsync(async () => (await File.ReadAllBytesAsync(Path.Join(byFlag, "data.bin"))).AsSpan().SequenceEqual(second), "the mount to follow the tag");
        }
        finally
        {
            await agent.DisposeAsync();
            await MountProcess.DetachAsync(byFlag);
            await MountProcess.DetachAsync(byConfig);
        }

        Assert.False(IsMounted(byFlag), agent.Output);
        Assert.False(IsMounted(byConfig), agent.Output);
        Assert.Empty(Directory.EnumerateFileSystemEntries(byFlag));
    }

    [Fact]
    public async Task AgentMount_OfATagNotPushedYet_WaitsDegraded_ThenMounts()
    {
        var directory = Directory.CreateDirectory(_temp.Combine("later")).FullName;
        var agent = await AgentHost.StartAsync(_hub, _temp.Combine("cache-later"), "--mount", $"agentmount/later:v1={directory}");
        try
        {
            await agent.WaitForAsync(async () => (await agent.HealthAsync()).Body.GetProperty("mounts")[0].GetProperty("lastError").ValueKind == JsonValueKind.String, "the missing tag reported");
            var (status, health) = await agent.HealthAsync();
            Assert.Equal(503, status);
            Assert.Equal("Waiting", health.GetProperty("mounts")[0].GetProperty("state").GetString());

            var content = await PushAsync("agentmount/later:v1", 4);
            await agent.WaitForAsync(() => Task.FromResult(File.Exists(Path.Join(directory, "data.bin"))), "the mount once the tag exists", TimeSpan.FromSeconds(60));
            Assert.Equal(content, await File.ReadAllBytesAsync(Path.Join(directory, "data.bin")));
            await agent.WaitForAsync(async () => (await agent.HealthAsync()).Status == 200, "healthy once mounted");
        }
        finally
        {
            await agent.DisposeAsync();
            await MountProcess.DetachAsync(directory);
        }

        Assert.False(IsMounted(directory), agent.Output);
    }

    [Fact]
    public async Task AgentMount_OnANonEmptyDirectory_StopsTheAgentAtStart_WithOneLine()
    {
        var full = Directory.CreateDirectory(_temp.Combine("full")).FullName;
        await File.WriteAllTextAsync(Path.Join(full, "kept"), "x");

        var result = await Infrastructure.Cli.RunAsync(null, "run", "agent", "--hub", _hub.Url.ToString(), "--port", "0", "--cache-dir", _temp.Combine("cache-full"), "--mount", $"any:v1={full}");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"cannot mount any:v1 on {full}: the directory is not empty", result.StandardError, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Join(full, "kept")));
        Assert.False(IsMounted(full));
    }

    private async Task<byte[]> PushAsync(string target, int seed)
    {
        var source = _temp.Combine($"src-{seed}");
        var content = TreeBuilder.RandomBytes(300_000, seed);
        TreeBuilder.WriteFile(source, "data.bin", content);
        (await Infrastructure.Cli.RunAsync(_hub.Environment(), "push", "-t", target, source)).AssertSuccess();
        return content;
    }

    private static bool IsMounted(string directory) =>
        File.ReadLines("/proc/self/mountinfo").Any(line => line.Split(' ')[4] == directory);
}
