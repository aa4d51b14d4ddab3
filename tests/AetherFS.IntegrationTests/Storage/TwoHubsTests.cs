using System.Diagnostics;
using System.Net.Http.Json;
using AetherFS.Hub.Configuration;
using AetherFS.IntegrationTests.Infrastructure;
using AetherFS.Protocol.Dataset.V1;
using Grpc.Core;
using Xunit.Abstractions;
using RestJson = AetherFS.Protocol.Rest.ProtocolJsonContext;

namespace AetherFS.IntegrationTests.Storage;

/// <summary>Hubs that share a bucket serve each other's pushes and see each other's tag moves: nothing mutable is cached.</summary>
public sealed class TwoHubsTests : IClassFixture<TwoHubsFixture>, IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly TwoHubsFixture _hubs;
    private readonly TempDirectory _temp = new();
    private readonly ITestOutputHelper _output;

    public TwoHubsTests(TwoHubsFixture hubs, ITestOutputHelper output)
    {
        _hubs = hubs;
        _output = output;
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task PushThroughA_IsListedAndPulledThroughB()
    {
        var source = _temp.Combine("src");
        TreeBuilder.CreateRichTree(source);
        var push = (await Infrastructure.Cli.RunAsync(_hubs.A.Environment(), "push", "-t", "shared/rich:v1", "--json", source)).AssertSuccess().Json();

        var envB = _hubs.B.Environment();
        Assert.Contains("shared/rich", (await Infrastructure.Cli.RunAsync(envB, "ls")).AssertSuccess().StandardOutput.Split('\n').Select(line => line.Split(' ')[0]));
        var pull = (await Infrastructure.Cli.RunAsync(envB, "pull", "shared/rich:v1", _temp.Combine("dst"), "--json")).AssertSuccess().Json();

        Assert.Equal(push.GetProperty("digest").GetString(), pull.GetProperty("digest").GetString());
        TreeAssert.Equal(source, _temp.Combine("dst"));
    }

    [Fact]
    public async Task TagMovedThroughA_IsSeenThroughBsRestAtOnceAndBsSubscribeWithinOnePollInterval()
    {
        var v1 = await PushAsync("shared/moving", "v1", "one");
        var v2 = await PushAsync("shared/moving", "v2", "two");
        (await Infrastructure.Cli.RunAsync(_hubs.A.Environment(), "tag", "shared/moving:v1", "shared/moving:stable")).AssertSuccess();

        using var grpc = new GrpcHub(_hubs.B.Url);
        using var cancel = new CancellationTokenSource(Timeout);
        using var call = grpc.Datasets.Subscribe(new SubscribeRequest { Tags = { new Tag { Name = "shared/moving", Version = "stable" } } }, cancellationToken: cancel.Token);
        await using var changes = call.ResponseStream.ReadAllAsync(cancel.Token).GetAsyncEnumerator(cancel.Token);
        Assert.True(await changes.MoveNextAsync());
        Assert.Equal(v1, changes.Current.Tag.Digest);

        (await Infrastructure.Cli.RunAsync(_hubs.A.Environment(), "tag", "shared/moving:v2", "shared/moving:stable")).AssertSuccess();
        var moved = Stopwatch.StartNew();

        using var http = new HttpClient { BaseAddress = _hubs.B.Url, Timeout = Timeout };
        var rest = await http.GetFromJsonAsync(new Uri("api/v1/datasets/shared/moving/-/tags/stable", UriKind.Relative), RestJson.Default.TagInfo);
        Assert.Equal(v2, rest!.Digest);

        Assert.True(await changes.MoveNextAsync());
        var delay = moved.Elapsed;
        _output.WriteLine($"hub B's Subscribe stream saw the move {delay.TotalMilliseconds:F0} ms after hub A made it");
        Assert.Equal(v2, changes.Current.Tag.Digest);
        Assert.False(changes.Current.Deleted);
        // The docs promise one --tag-poll-interval (2 s by default); the rest is slack for a loaded machine.
        Assert.InRange(delay, TimeSpan.Zero, new HubOptions().TagPollInterval + TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task TagDeletedThroughA_IsGoneThroughB()
    {
        await PushAsync("shared/deleted", "v1", "x");
        (await Infrastructure.Cli.RunAsync(_hubs.B.Environment(), "tags", "shared/deleted")).AssertSuccess();

        (await Infrastructure.Cli.RunAsync(_hubs.A.Environment(), "rm", "shared/deleted:v1")).AssertSuccess();

        (await Infrastructure.Cli.RunAsync(_hubs.B.Environment(), "tags", "shared/deleted")).AssertFailedWithOneLine(3);
    }

    private async Task<string> PushAsync(string name, string tag, string content)
    {
        var source = _temp.Combine($"{name.Replace('/', '_')}-{tag}");
        TreeBuilder.WriteFile(source, "data.txt", System.Text.Encoding.UTF8.GetBytes(content));
        var push = (await Infrastructure.Cli.RunAsync(_hubs.A.Environment(), "push", "-t", $"{name}:{tag}", "--json", source)).AssertSuccess().Json();
        return push.GetProperty("digest").GetString()!;
    }
}
