using AetherFS.Client.Hub;
using AetherFS.Core.Blocks;
using AetherFS.IntegrationTests.Infrastructure;
using AetherFS.Protocol.Dataset.V1;
using AetherFS.Protocol.Grpc;
using AetherFS.Protocol.Grpc.Client;
using AetherFS.Testing;

namespace AetherFS.IntegrationTests.Api;

/// <summary>The typed .NET gRPC client against a live hub, and the CLI's choice between gRPC and REST.</summary>
public sealed class GrpcClientTests : IClassFixture<HubFixture>, IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly HubProcess _hub;
    private readonly GrpcChannel _channel;
    private readonly DatasetApiClient _datasets;
    private readonly BlockApiClient _blocks;
    private readonly TempDirectory _work = new();

    public GrpcClientTests(HubFixture fixture)
    {
        _hub = fixture.Hub;
        _channel = new GrpcChannel(_hub.Url);
        _datasets = new DatasetApiClient(_channel);
        _blocks = new BlockApiClient(_channel);
    }

    public void Dispose()
    {
        _channel.Dispose();
        _work.Dispose();
    }

    [Fact]
    public async Task Lookup_ReturnsTheManifestWithThePushedDigest()
    {
        var digest = await PushAsync("grpc-client/lookup", "v1", seed: 1);

        var (actual, manifest, tag) = await _datasets.GetManifestAsync("grpc-client/lookup", "v1", CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(digest, actual);
        Assert.Equal("v1", tag!.Tag.Version);
        Assert.Contains(manifest.Entries, e => e.Path == "data.bin");
    }

    [Fact]
    public async Task Download_VerifiesEveryBlockOfADataset()
    {
        await PushAsync("grpc-client/download", "v1", seed: 2);
        var (_, manifest, _) = await _datasets.GetManifestAsync("grpc-client/download", "v1", CancellationToken.None).WaitAsync(Timeout);

        foreach (var block in manifest.Blocks)
        {
            using var data = await _blocks.DownloadAsync(block.Signature, block.Size, CancellationToken.None).WaitAsync(Timeout);
            Assert.Equal(block.Signature, BlockSignature.Compute(data.Memory.Span));
        }
    }

    [Fact]
    public async Task Upload_StoresOnceAndLookupFindsIt()
    {
        var data = TreeBuilder.RandomBytes(3 * 1024 * 1024 + 17, seed: 3);
        var signature = BlockSignature.Compute(data);

        var first = await _blocks.UploadAsync(signature, data, CancellationToken.None).WaitAsync(Timeout);
        var second = await _blocks.UploadAsync(signature, data, CancellationToken.None).WaitAsync(Timeout);

        Assert.True(first.Created);
        Assert.False(second.Created);
        Assert.Equal(data.Length, await _blocks.LookupAsync(signature, CancellationToken.None).WaitAsync(Timeout));
        Assert.Empty(await _blocks.FindMissingAsync([signature], CancellationToken.None).WaitAsync(Timeout));
    }

    [Fact]
    public async Task Upload_OfBytesThatDoNotMatchTheSignature_IsRefused()
    {
        var data = TreeBuilder.RandomBytes(1000, seed: 4);
        var wrong = BlockSignature.Compute(TreeBuilder.RandomBytes(1000, seed: 5));

        var e = await Assert.ThrowsAsync<GrpcException>(() => _blocks.UploadAsync(wrong, data, CancellationToken.None).WaitAsync(Timeout));

        Assert.Equal(GrpcStatusCode.InvalidArgument, e.Status);
        Assert.Null(await _blocks.LookupAsync(wrong, CancellationToken.None).WaitAsync(Timeout));
    }

    [Fact]
    public async Task Publish_CreateOnly_RefusesToMoveATag()
    {
        await PushAsync("grpc-client/publish", "v1", seed: 6);
        await PushAsync("grpc-client/publish", "v2", seed: 7);
        var v2 = await _datasets.LookupAsync("grpc-client/publish", "v2", CancellationToken.None).WaitAsync(Timeout);
        var request = new PublishRequest { Dataset = v2.Dataset, CreateOnly = true };
        request.Tags.Add(new Tag { Name = "grpc-client/publish", Version = "v1" });

        var e = await Assert.ThrowsAsync<GrpcException>(() => _datasets.PublishAsync(request, CancellationToken.None).WaitAsync(Timeout));

        Assert.Equal(GrpcStatusCode.AlreadyExists, e.Status);
        var v1 = await _datasets.LookupAsync("grpc-client/publish", "v1", CancellationToken.None).WaitAsync(Timeout);
        Assert.NotEqual(v2.Dataset.Digest, v1.Dataset.Digest);
    }

    [Fact]
    public async Task Subscribe_SeesTheCurrentVersionThenAMoveMadeThroughTheCli()
    {
        var v1 = await PushAsync("grpc-client/subscribe", "v1", seed: 8);
        var v2 = await PushAsync("grpc-client/subscribe", "v2", seed: 9);
        using var cancel = new CancellationTokenSource(Timeout);
        var seen = new List<string>();

        await foreach (var change in _datasets.SubscribeAsync([new Tag { Name = "grpc-client/subscribe", Version = "stable" }, new Tag { Name = "grpc-client/subscribe", Version = "v1" }], cancel.Token))
        {
            seen.Add($"{change.Tag.Tag.Version}={change.Tag.Digest}");
            if (seen.Count == 1)
            {
                var tagged = await Infrastructure.Cli.RunAsync(_hub.Environment(), "tag", "grpc-client/subscribe:v2", "grpc-client/subscribe:stable");
                Assert.Equal(0, tagged.ExitCode);
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

        var e = await Assert.ThrowsAsync<GrpcException>(async () =>
        {
            await foreach (var change in _datasets.SubscribeAsync([new Tag { Name = "grpc-client/deadline", Version = "v1" }], CancellationToken.None, new CallOptions(TimeSpan.FromSeconds(1))))
            {
                messages++;
            }
        }).WaitAsync(Timeout);

        Assert.Equal(GrpcStatusCode.DeadlineExceeded, e.Status);
        Assert.Equal(1, messages);
    }

    [Fact]
    public async Task UnreachableHub_IsUnavailable()
    {
        using var channel = new GrpcChannel(new Uri($"http://127.0.0.1:{HubProcess.FreePort()}/"));

        var e = await Assert.ThrowsAsync<GrpcException>(() => new DatasetApiClient(channel).ListAsync(null, 10, CancellationToken.None).WaitAsync(Timeout));

        Assert.Equal(GrpcStatusCode.Unavailable, e.Status);
    }

    [Fact]
    public async Task HubClient_BehindAnHttp11OnlyProxy_FallsBackToRest()
    {
        var digest = await PushAsync("grpc-client/proxy", "v1", seed: 11);
        await using var proxy = new Http11Proxy(_hub.Url);
        using var client = new HubClient(proxy.Url);

        var tags = await client.ListTagsAsync("grpc-client/proxy", CancellationToken.None).WaitAsync(Timeout);
        var (manifestDigest, _) = await client.GetManifestAsync("grpc-client/proxy", "v1", CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(digest, Assert.Single(tags.Tags).Digest);
        Assert.Equal(digest, manifestDigest);
    }

    [Fact]
    public async Task Cli_BehindAnHttp11OnlyProxy_StillListsTags()
    {
        var digest = await PushAsync("grpc-client/proxy-cli", "v1", seed: 12);
        await using var proxy = new Http11Proxy(_hub.Url);

        var result = await Infrastructure.Cli.RunAsync(null, "tags", "grpc-client/proxy-cli", "--hub", proxy.Url.ToString());

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(digest, result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HubClient_MapsGrpcNotFoundToTheCliNotFoundExit()
    {
        var result = await Infrastructure.Cli.RunAsync(_hub.Environment(), "inspect", "grpc-client/absent:v1");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("not found", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_WithADigest_RemovesEveryTagOfThatVersionAndNoOther()
    {
        var digest = await PushAsync("grpc-client/version", "v1", seed: 13);
        await Infrastructure.Cli.RunAsync(_hub.Environment(), "tag", "grpc-client/version:v1", "grpc-client/version:latest");
        await PushAsync("grpc-client/version", "v2", seed: 14);

        var response = await _datasets.DeleteAsync("grpc-client/version", digest, CancellationToken.None).WaitAsync(Timeout);
        var again = await Assert.ThrowsAsync<GrpcException>(() => _datasets.DeleteAsync("grpc-client/version", digest, CancellationToken.None).WaitAsync(Timeout));
        var tagged = await _datasets.DeleteAsync("grpc-client/version", "v2", CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(["latest", "v1"], response.DeletedTags);
        Assert.Equal(GrpcStatusCode.NotFound, again.Status);
        Assert.Equal(["v2"], tagged.DeletedTags);
    }

    [Fact]
    public async Task HubClient_DeletesAVersionThroughRest_BehindAnHttp11OnlyProxy()
    {
        var digest = await PushAsync("grpc-client/version-rest", "v1", seed: 15);
        await using var proxy = new Http11Proxy(_hub.Url);
        using var client = new HubClient(proxy.Url);

        var deleted = await client.DeleteVersionAsync("grpc-client/version-rest", digest, CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal((digest, "v1"), (deleted.Digest, Assert.Single(deleted.DeletedTags)));
    }

    private async Task<string> PushAsync(string name, string tag, int seed)
    {
        var source = _work.Combine($"{name.Replace('/', '_')}-{tag}");
        TreeBuilder.WriteFile(source, "data.bin", TreeBuilder.RandomBytes(300_000, seed));
        var result = await Infrastructure.Cli.RunAsync(_hub.Environment(), "push", source, "-t", $"{name}:{tag}", "--json");
        Assert.True(result.ExitCode == 0, result.StandardError);
        return System.Text.Json.JsonDocument.Parse(result.StandardOutput).RootElement.GetProperty("digest").GetString()!;
    }
}
