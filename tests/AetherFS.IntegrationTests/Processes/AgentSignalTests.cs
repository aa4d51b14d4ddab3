using AetherFS.IntegrationTests.Agent;
using AetherFS.IntegrationTests.Infrastructure;

namespace AetherFS.IntegrationTests.Processes;

/// <summary>
/// Process-level: a real agent killed mid-sync (SIGKILL) leaves the version it served intact and finishes after a
/// restart; one stopped with SIGTERM, as systemd and Kubernetes stop it, exits cleanly.
/// </summary>
public sealed class AgentSignalTests : IAsyncLifetime
{
    private readonly TempDirectory _work = new();
    private readonly AgentDatasets _data;
    private HubHost _hub = null!;

    public AgentSignalTests() => _data = new AgentDatasets(_work);

    public async Task InitializeAsync() => _hub = await HubHost.StartAsync();

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        _work.Dispose();
    }

    [Fact]
    public async Task AgentKilledMidSync_LeavesV1Intact_AndFinishesAfterRestart()
    {
        var v1 = _data.Tree("v1", files: 3, seed: 2);
        await PushAsync(v1, "agent/kill:stable");
        var dir = _work.Combine("synced");
        var cache = _work.Combine("cache");
        var agent = await AgentProcess.StartAsync(_hub, cache, "--sync", $"agent/kill:stable={dir}");
        await agent.WaitForAsync(() => Task.FromResult(File.Exists(Path.Join(dir, "current", "f0.bin"))), "first sync");

        var v2 = _work.Combine("v2");
        TreeBuilder.WriteFile(v2, "big.bin", TreeBuilder.RandomBytes(96 * 1024 * 1024, seed: 3));
        var digest = await PushAsync(v2, "agent/kill:stable", "--chunking", "fixed", "--block-size", "1MiB", "--compression-level", "0");
        await agent.WaitForAsync(() => Task.FromResult(Directory.EnumerateDirectories(Path.Join(dir, "versions"), "*.partial").Any() && Directory.Exists(Path.Join(cache, "segments"))), "v2 assembly to start");
        await agent.KillAsync();
        await agent.DisposeAsync();

        TreeAssert.Equal(v1, Path.Join(dir, "current"));
        await using var restarted = await AgentProcess.StartAsync(_hub, cache, "--sync", $"agent/kill:stable={dir}");
        await restarted.WaitForAsync(async () => (await restarted.SubscriptionAsync()).GetProperty("digest").GetString() == digest, "v2 after restart", TimeSpan.FromSeconds(120));
        TreeAssert.Equal(v2, Path.Join(dir, "current"));
        Assert.Empty(Directory.EnumerateDirectories(Path.Join(dir, "versions"), "*.partial"));
    }

    [Fact]
    public async Task Sigterm_ExitsCleanly()
    {
        await PushAsync(_data.Tree("v1", files: 2, seed: 6), "agent/term:stable");
        var dir = _work.Combine("synced");
        var agent = await AgentProcess.StartAsync(_hub, _work.Combine("cache"), "--sync", $"agent/term:stable={dir}");
        await agent.WaitForAsync(() => Task.FromResult(File.Exists(Path.Join(dir, "current", "f0.bin"))), "first sync");

        Assert.Equal(0, await agent.StopAsync());
        await agent.DisposeAsync();
    }

    private Task<string> PushAsync(string source, string target, params string[] extra) => AgentDatasets.PushAsync(_hub, source, target, extra);
}
