using AetherFS.Client.Hub;
using AetherFS.Core.Blocks;
using AetherFS.Core.Manifests;
using AetherFS.IntegrationTests.Infrastructure;
using AetherFS.Protocol.Block.V1;
using AetherFS.Protocol.Dataset.V1;
using AetherFS.Testing;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Grpc.Net.Client.Web;

namespace AetherFS.IntegrationTests.Api;

/// <summary>
/// The hub's gRPC API through grpc-dotnet's own client (python3-grpcio covers another implementation), its health
/// and gRPC-Web services, and the CLI's REST client where gRPC cannot go.
/// </summary>
public sealed class GrpcApiTests : IClassFixture<HubFixture>, IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly HubHost _hub;
    private readonly GrpcHub _grpc;
    private readonly TempDirectory _work = new();

    public GrpcApiTests(HubFixture fixture)
    {
        _hub = fixture.Hub;
        _grpc = new GrpcHub(_hub.Url);
    }

    public void Dispose()
    {
        _grpc.Dispose();
        _work.Dispose();
    }

    [Fact]
    public async Task Lookup_StreamsTheCanonicalManifestOfThePushedDigest()
    {
        var digest = await PushAsync("grpc-client/lookup", "v1", seed: 1);

        var (actual, bytes, tag) = await _grpc.LookupAsync("grpc-client/lookup", "v1").WaitAsync(Timeout);

        Assert.Equal(digest, actual);
        Assert.Equal("v1", tag!.Tag.Version);
        Assert.Contains(ManifestSerializer.Parse(bytes).Entries, e => e.Path == "data.bin");
    }

    [Fact]
    public async Task Download_VerifiesEveryBlockOfADataset()
    {
        await PushAsync("grpc-client/download", "v1", seed: 2);
        var (_, bytes, _) = await _grpc.LookupAsync("grpc-client/download", "v1").WaitAsync(Timeout);

        foreach (var block in ManifestSerializer.Parse(bytes).Blocks)
        {
            var data = await _grpc.DownloadAsync(block.Signature).WaitAsync(Timeout);
            Assert.Equal(block.Signature, BlockSignature.Compute(data));
        }
    }

    [Fact]
    public async Task Upload_StoresOnceAndLookupFindsIt()
    {
        var data = TreeBuilder.RandomBytes(3 * 1024 * 1024 + 17, seed: 3);
        var signature = BlockSignature.Compute(data);

        var first = await _grpc.UploadAsync(signature, data).WaitAsync(Timeout);
        var second = await _grpc.UploadAsync(signature, data).WaitAsync(Timeout);

        Assert.True(first.Created);
        Assert.False(second.Created);
        Assert.Equal(data.Length, (await _grpc.Blocks.LookupAsync(new Protocol.Block.V1.LookupRequest { Signature = signature }, GrpcHub.Options())).Size);
        Assert.Empty((await _grpc.Blocks.FindMissingAsync(new FindMissingRequest { Signatures = { signature } }, GrpcHub.Options())).Missing);
    }

    [Fact]
    public async Task Upload_OfBytesThatDoNotMatchTheSignature_IsRefused()
    {
        var data = TreeBuilder.RandomBytes(1000, seed: 4);
        var wrong = BlockSignature.Compute(TreeBuilder.RandomBytes(1000, seed: 5));

        var e = await Assert.ThrowsAsync<RpcException>(() => _grpc.UploadAsync(wrong, data).WaitAsync(Timeout));
        var lookup = await Assert.ThrowsAsync<RpcException>(async () => await _grpc.Blocks.LookupAsync(new Protocol.Block.V1.LookupRequest { Signature = wrong }, GrpcHub.Options()));

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Equal(StatusCode.NotFound, lookup.StatusCode);
    }

    [Fact]
    public async Task Publish_CreateOnly_RefusesToMoveATag()
    {
        var v1 = await PushAsync("grpc-client/publish", "v1", seed: 6);
        await PushAsync("grpc-client/publish", "v2", seed: 7);
        var (v2, manifest, _) = await _grpc.LookupAsync("grpc-client/publish", "v2").WaitAsync(Timeout);

        var e = await Assert.ThrowsAsync<RpcException>(() => _grpc.PublishAsync(manifest, [new Tag { Name = "grpc-client/publish", Version = "v1" }], createOnly: true).WaitAsync(Timeout));

        Assert.Equal(StatusCode.AlreadyExists, e.StatusCode);
        Assert.Equal(v1, (await _grpc.LookupAsync("grpc-client/publish", "v1").WaitAsync(Timeout)).Digest);
        Assert.NotEqual(v1, v2);
    }

    [Fact]
    public async Task Publish_InParts_StoresTheManifestItWasSent()
    {
        await PushAsync("grpc-client/republish", "v1", seed: 16);
        var (digest, manifest, _) = await _grpc.LookupAsync("grpc-client/republish", "v1").WaitAsync(Timeout);

        var published = await _grpc.PublishAsync(manifest, [new Tag { Name = "grpc-client/republish", Version = "copy" }], partSize: 100).WaitAsync(Timeout);

        Assert.Equal(digest, published.Digest);
        Assert.Equal(digest, Assert.Single(published.Tags).Digest);
    }

    [Fact]
    public async Task Subscribe_SeesTheCurrentVersionThenAMoveMadeThroughTheCli()
    {
        var v1 = await PushAsync("grpc-client/subscribe", "v1", seed: 8);
        var v2 = await PushAsync("grpc-client/subscribe", "v2", seed: 9);
        using var cancel = new CancellationTokenSource(Timeout);
        var request = new SubscribeRequest { Tags = { new Tag { Name = "grpc-client/subscribe", Version = "stable" }, new Tag { Name = "grpc-client/subscribe", Version = "v1" } } };
        using var call = _grpc.Datasets.Subscribe(request, cancellationToken: cancel.Token);
        var seen = new List<string>();

        await foreach (var change in call.ResponseStream.ReadAllAsync(cancel.Token))
        {
            seen.Add($"{change.Tag.Tag.Version}={change.Tag.Digest}");
            if (seen.Count == 1)
            {
                (await Infrastructure.Cli.RunAsync(_hub.Environment(), "tag", "grpc-client/subscribe:v2", "grpc-client/subscribe:stable")).AssertSuccess();
            }
            else
            {
                break;
            }
        }

        Assert.Equal([$"v1={v1}", $"stable={v2}"], seen);
    }

    [Fact]
    public async Task Subscribe_EndsWithDeadlineExceededWhenItsDeadlinePasses()
    {
        await PushAsync("grpc-client/deadline", "v1", seed: 10);
        var messages = 0;
        var request = new SubscribeRequest { Tags = { new Tag { Name = "grpc-client/deadline", Version = "v1" } } };
        using var call = _grpc.Datasets.Subscribe(request, deadline: DateTime.UtcNow.AddSeconds(1));

        var e = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await foreach (var change in call.ResponseStream.ReadAllAsync())
            {
                messages++;
            }
        }).WaitAsync(Timeout);

        Assert.Equal(StatusCode.DeadlineExceeded, e.StatusCode);
        Assert.Equal(1, messages);
    }

    [Fact]
    public async Task Subscribe_EndsCleanlyWhenTheHubStops()
    {
        await using var hub = await HubHost.StartAsync();
        var source = _work.Combine("stopping");
        TreeBuilder.WriteFile(source, "data.bin", TreeBuilder.RandomBytes(1000, seed: 18));
        (await Infrastructure.Cli.RunAsync(hub.Environment(), "push", source, "-t", "grpc-client/stopping:v1")).AssertSuccess();
        using var grpc = new GrpcHub(hub.Url);
        using var call = grpc.Datasets.Subscribe(new SubscribeRequest { Tags = { new Tag { Name = "grpc-client/stopping", Version = "v1" } } }, GrpcHub.Options());
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));

        await hub.StopAsync().WaitAsync(Timeout);

        // Ended by the hub with OK (clients follow again elsewhere), not cut off when a shutdown timeout ran out.
        Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task UnreachableHub_IsUnavailable()
    {
        using var unreachable = new GrpcHub(new Uri($"http://127.0.0.1:{HubProcess.UnusedPort()}/"));

        var e = await Assert.ThrowsAsync<RpcException>(async () => await unreachable.Datasets.ListAsync(new ListRequest(), GrpcHub.Options()));

        Assert.Equal(StatusCode.Unavailable, e.StatusCode);
    }

    [Fact]
    public async Task HealthCheck_AnswersServingWhileTheStorageIsReachable()
    {
        var health = new Health.HealthClient(_grpc.Channel);

        var response = await health.CheckAsync(new HealthCheckRequest(), GrpcHub.Options());

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
    }

    [Fact]
    public async Task GrpcWeb_OverHttp11_ListsDatasets()
    {
        await PushAsync("grpc-client/web", "v1", seed: 17);
        using var web = new GrpcHub(_hub.Url, new GrpcWebHandler(GrpcWebMode.GrpcWebText, new HttpClientHandler()), System.Net.HttpVersion.Version11);

        var tags = await web.Datasets.ListTagsAsync(new ListTagsRequest { Name = "grpc-client/web" }, GrpcHub.Options());

        Assert.Equal("v1", Assert.Single(tags.Tags).Tag.Version);
    }

    [Fact]
    public async Task HubClient_BehindAnHttp11OnlyProxy_Works()
    {
        var digest = await PushAsync("grpc-client/proxy", "v1", seed: 11);
        await using var proxy = await Http11Proxy.StartAsync(_hub.Url);
        using var client = new HubClient(proxy.Url);

        var tags = await client.ListTagsAsync("grpc-client/proxy", CancellationToken.None).WaitAsync(Timeout);
        var (manifestDigest, _) = await client.GetManifestAsync("grpc-client/proxy", "v1", CancellationToken.None).WaitAsync(Timeout);
        var deleted = await client.DeleteVersionAsync("grpc-client/proxy", digest, CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(digest, Assert.Single(tags.Tags).Digest);
        Assert.Equal(digest, manifestDigest);
        Assert.Equal((digest, "v1"), (deleted.Digest, Assert.Single(deleted.DeletedTags)));
    }

    [Fact]
    public async Task Cli_BehindAnHttp11OnlyProxy_StillListsTags()
    {
        var digest = await PushAsync("grpc-client/proxy-cli", "v1", seed: 12);
        await using var proxy = await Http11Proxy.StartAsync(_hub.Url);

        var result = await Infrastructure.Cli.RunAsync(null, "tags", "grpc-client/proxy-cli", "--hub", proxy.Url.ToString());

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(digest, result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cli_MapsNotFoundToItsNotFoundExit()
    {
        var result = await Infrastructure.Cli.RunAsync(_hub.Environment(), "inspect", "grpc-client/absent:v1");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("not found", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_WithADigest_RemovesEveryTagOfThatVersionAndNoOther()
    {
        var digest = await PushAsync("grpc-client/version", "v1", seed: 13);
        (await Infrastructure.Cli.RunAsync(_hub.Environment(), "tag", "grpc-client/version:v1", "grpc-client/version:latest")).AssertSuccess();
        await PushAsync("grpc-client/version", "v2", seed: 14);

        var response = await _grpc.Datasets.DeleteAsync(Delete("grpc-client/version", digest), GrpcHub.Options());
        var again = await Assert.ThrowsAsync<RpcException>(async () => await _grpc.Datasets.DeleteAsync(Delete("grpc-client/version", digest), GrpcHub.Options()));
        var tagged = await _grpc.Datasets.DeleteAsync(Delete("grpc-client/version", "v2"), GrpcHub.Options());

        Assert.Equal(["latest", "v1"], response.DeletedTags);
        Assert.Equal(StatusCode.NotFound, again.StatusCode);
        Assert.Equal(["v2"], tagged.DeletedTags);
    }

    private static DeleteRequest Delete(string name, string version) => new() { Tag = new Tag { Name = name, Version = version } };

    private async Task<string> PushAsync(string name, string tag, int seed)
    {
        var source = _work.Combine($"{name.Replace('/', '_')}-{tag}");
        TreeBuilder.WriteFile(source, "data.bin", TreeBuilder.RandomBytes(300_000, seed));
        var result = (await Infrastructure.Cli.RunAsync(_hub.Environment(), "push", source, "-t", $"{name}:{tag}", "--json")).AssertSuccess();
        return result.Json().GetProperty("digest").GetString()!;
    }
}
