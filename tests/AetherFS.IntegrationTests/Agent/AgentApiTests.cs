using System.Net.Http.Json;
using AetherFS.IntegrationTests.Infrastructure;
using AetherFS.Protocol.Agent.V1;
using Grpc.Core;
using Grpc.Net.Client;
using AetherFS.Testing;
using DatasetTag = AetherFS.Protocol.Dataset.V1.Tag;

namespace AetherFS.IntegrationTests.Agent;

/// <summary>AgentAPI (gRPC and REST), the agent's config file and its file server.</summary>
public sealed class AgentApiTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _work = new();
    private HubHost _hub = null!;

    public async Task InitializeAsync() => _hub = await HubHost.StartAsync();

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        _work.Dispose();
    }

    [Fact]
    public async Task GrpcSubscribe_ReportsTheCurrentVersionThenEachSwap()
    {
        var first = await PushAsync("a", 1, "agentapi/sub:stable");
        var dir = _work.Combine("synced");
        await using var agent = await StartAsync("--sync", $"agentapi/sub:stable={dir}");
        await agent.WaitForAsync(async () => (await agent.SubscriptionAsync()).GetProperty("digest").GetString() == first, "first sync");
        using var channel = GrpcChannel.ForAddress(agent.Url);
        using var cancel = new CancellationTokenSource(Timeout);
        var request = new SubscribeRequest { Tags = { new DatasetTag { Name = "agentapi/sub", Version = "stable" } } };
        var seen = new List<string>();
        using var call = new AgentAPI.AgentAPIClient(channel).Subscribe(request, cancellationToken: cancel.Token);

        await foreach (var change in call.ResponseStream.ReadAllAsync(cancel.Token))
        {
            seen.Add(change.Tag.Digest);
            Assert.Equal(Path.Join(dir, "current"), change.Path);
            if (seen.Count == 1)
            {
                await PushAsync("b", 2, "agentapi/sub:stable");
            }
            else
            {
                break;
            }
        }

        Assert.Equal(first, seen[0]);
        Assert.NotEqual(first, seen[1]);
    }

    [Fact]
    public async Task RestPublish_PushesALocalDirectoryToTheHub()
    {
        await PushAsync("a", 3, "agentapi/pub:v0");
        await using var agent = await StartAsync("--sync", $"agentapi/pub:v0={_work.Combine("synced")}");
        var source = _work.Combine("to-publish");
        TreeBuilder.WriteFile(source, "hello.txt", "from the app\n"u8.ToArray());
        using var http = new HttpClient { BaseAddress = agent.Url, Timeout = Timeout };

        using var response = await http.PostAsJsonAsync(new Uri("api/v1/agent/publish", UriKind.Relative), new { path = source, tags = new[] { "agentapi/pub:v1" } });

        response.EnsureSuccessStatusCode();
        var pulled = _work.Combine("pulled");
        (await Infrastructure.Cli.RunAsync(_hub.Environment(), "pull", "agentapi/pub:v1", pulled)).AssertSuccess();
        Assert.Equal("from the app\n", File.ReadAllText(Path.Join(pulled, "hello.txt")));
    }

    [Fact]
    public async Task GracefulShutdown_StopsTheAgentCleanly()
    {
        await PushAsync("a", 4, "agentapi/stop:v1");
        var agent = await StartAsync("--sync", $"agentapi/stop:v1={_work.Combine("synced")}");
        using var channel = GrpcChannel.ForAddress(agent.Url);

        await new AgentAPI.AgentAPIClient(channel).GracefulShutdownAsync(new GracefulShutdownRequest()).ResponseAsync.WaitAsync(Timeout);

        await agent.WaitForAsync(() => Task.FromResult(agent.HasExited), "exit");
        Assert.Equal(0, agent.ExitCode);
        await agent.DisposeAsync();
    }

    [Fact]
    public async Task ConfigFile_SyncsEveryEntry_AndFilesAreServedLocally()
    {
        await PushAsync("a", 5, "agentapi/one:v1");
        await PushAsync("b", 6, "agentapi/two:v1");
        var config = _work.Combine("agent.yaml");
        File.WriteAllText(config, $"""
            cacheSize: 64MiB
            sync:
              - dataset: agentapi/one:v1
                dir: {_work.Combine("one")}
              - dataset: agentapi/two:v1
                dir: {_work.Combine("two")}
            """);

        await using var agent = await StartAsync("--config", config);
        await agent.WaitForAsync(() => Task.FromResult(File.Exists(_work.Combine("one", "current", "data.bin")) && File.Exists(_work.Combine("two", "current", "data.bin"))), "both syncs");

        using var http = new HttpClient { BaseAddress = agent.Url, Timeout = Timeout };
        var expected = File.ReadAllBytes(_work.Combine("two", "current", "data.bin"));
        Assert.Equal(expected, await http.GetByteArrayAsync(new Uri("fs/agentapi/two/v1/data.bin", UriKind.Relative)));
        using var range = new HttpRequestMessage(HttpMethod.Get, "fs/agentapi/two/v1/data.bin");
        range.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(10, 19);
        using var partial = await http.SendAsync(range);
        Assert.Equal(System.Net.HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(expected[10..20], await partial.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("cachedir: /tmp/x\n", "did you mean 'cacheDir'")]
    [InlineData("hub: http://localhost:1\nretries: 3\n", "unknown key 'retries'")]
    [InlineData("sync:\n  - dataset: a:v1\n    dir: /tmp/a\n    mode: fast\n", "unknown sync entry key 'mode'")]
    [InlineData("mount:\n  - dataset: a:v1\n    dir: /tmp/a\n    mode: fast\n", "unknown mount entry key 'mode'")]
    [InlineData("mount:\n  - dataset: a:v1\n", "every mount entry needs 'dataset' and 'dir'")]
    [InlineData("sync:\n  - dataset: a:v1\n    dir: /tmp/same\nmount:\n  - dataset: b:v1\n    dir: /tmp/same\n", "two subscriptions share the directory /tmp/same")]
    public async Task ConfigFile_WithAnUnknownKey_IsAClearError(string yaml, string expected)
    {
        var config = _work.Combine($"unknown-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(config, yaml);

        var result = await Infrastructure.Cli.RunAsync(null, "run", "agent", "--hub", _hub.Url.ToString(), "--config", config);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.StandardError, StringComparison.Ordinal);
        Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData("--sync", "Bad Name=/tmp/x", "invalid subscription 'Bad Name'")]
    [InlineData("--mount", "Bad Name=/tmp/x", "invalid subscription 'Bad Name'")]
    [InlineData("--mount", "a:v1", "invalid --mount 'a:v1': expected NAME:TAG=DIR")]
    [InlineData("--mount", "a@sha256:0000000000000000000000000000000000000000000000000000000000000000=/tmp/x", "follow a tag")]
    public async Task BadSubscription_IsAClearError(string option, string value, string expected)
    {
        var result = await Infrastructure.Cli.RunAsync(null, "run", "agent", "--hub", _hub.Url.ToString(), option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.StandardError, StringComparison.Ordinal);
    }

    private Task<AgentHost> StartAsync(params string[] args) => AgentHost.StartAsync(_hub, _work.Combine("cache"), args);

    private async Task<string> PushAsync(string name, int seed, string target)
    {
        var source = _work.Combine($"src-{name}-{seed}");
        TreeBuilder.WriteFile(source, "data.bin", TreeBuilder.RandomBytes(200_000, seed));
        return (await Infrastructure.Cli.RunAsync(_hub.Environment(), "push", source, "-t", target, "--json")).AssertSuccess().Json().GetProperty("digest").GetString()!;
    }
}
