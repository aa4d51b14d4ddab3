using AetherFS.IntegrationTests.Infrastructure;
using AetherFS.Protocol.Dataset.V1;
using Grpc.Core;

namespace AetherFS.IntegrationTests.Security;

/// <summary>The gRPC API gives the verdicts of the REST matrix: UNAUTHENTICATED for 401, PERMISSION_DENIED for 403.</summary>
public sealed class GrpcAccessTests : IClassFixture<AuthHubFixture>, IDisposable
{
    private readonly AuthHubFixture _fixture;
    private readonly GrpcHub _grpc;

    public GrpcAccessTests(AuthHubFixture fixture)
    {
        _fixture = fixture;
        _grpc = new GrpcHub(fixture.Hub.Url);
    }

    public void Dispose() => _grpc.Dispose();

    [Theory]
    [InlineData("anonymous", "public/a")]
    [InlineData("bob", "maxmind,public/a")]
    public async Task List_ShowsOnlyReadableDatasets(string principal, string expected)
    {
        var response = await _grpc.Datasets.ListAsync(new ListRequest(), As(principal));

        Assert.Equal(expected.Split(','), response.Datasets);
    }

    [Theory]
    [InlineData("anonymous", "maxmind", StatusCode.Unauthenticated)]
    [InlineData("bob:wrong", "public/a", StatusCode.Unauthenticated)]
    [InlineData("bob", "private/x", StatusCode.PermissionDenied)]
    [InlineData("bob", "maxmind", StatusCode.OK)]
    public async Task ListTags_GivesTheVerdictOfTheRules(string principal, string name, StatusCode expected)
    {
        var status = StatusCode.OK;
        try
        {
            await _grpc.Datasets.ListTagsAsync(new ListTagsRequest { Name = name }, As(principal));
        }
        catch (RpcException e)
        {
            status = e.StatusCode;
        }

        Assert.Equal(expected, status);
    }

    [Fact]
    public async Task Delete_WithoutTheRight_IsPermissionDenied_AndDeletesNothing()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await _grpc.Datasets.DeleteAsync(new DeleteRequest { Tag = new Tag { Name = "maxmind", Version = "v1" } }, As("bob")));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        var tags = await _grpc.Datasets.ListTagsAsync(new ListTagsRequest { Name = "maxmind" }, As("bob"));
        Assert.Contains(tags.Tags, t => t.Tag.Version == "v1");
    }

    [Fact]
    public async Task Publish_ToADatasetTheCallerMayOnlyRead_IsPermissionDenied()
    {
        using var call = _grpc.Datasets.Publish(As("bob"));
        var request = new PublishRequest { ManifestPart = Google.Protobuf.ByteString.CopyFromUtf8("{}") };
        request.Tags.Add(new Tag { Name = "maxmind", Version = "bob-was-here" });

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await call.RequestStream.WriteAsync(request);
            await call.RequestStream.CompleteAsync();
            await call.ResponseAsync;
        });

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }

    [Fact]
    public async Task Subscribe_ToAPrivateDataset_IsRefused_ToAPublicOne_Answered()
    {
        var refused = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            using var call = _grpc.Datasets.Subscribe(new SubscribeRequest { Tags = { new Tag { Name = "maxmind", Version = "v1" } } }, As("anonymous"));
            await call.ResponseStream.MoveNext(CancellationToken.None);
        });
        using var open = _grpc.Datasets.Subscribe(new SubscribeRequest { Tags = { new Tag { Name = "public/a", Version = "v1" } } }, As("anonymous"));

        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.True(await open.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(_fixture.PublicDigest, open.ResponseStream.Current.Tag.Digest);
    }

    [Fact]
    public async Task Download_OfAPrivateBlock_IsRefusedToAnonymousCallers()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            using var call = _grpc.Blocks.Download(new Protocol.Block.V1.DownloadRequest { Signature = _fixture.MaxmindBlock }, As("anonymous"));
            await call.ResponseStream.MoveNext(CancellationToken.None);
        });

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    private static CallOptions As(string principal)
    {
        var headers = new Metadata();
        if (principal != "anonymous")
        {
            var parts = principal.Split(':');
            headers.Add("authorization", AuthHubFixture.Basic(parts[0], parts.Length > 1 ? parts[1] : AuthHubFixture.Password).ToString());
        }

        return new CallOptions(headers, DateTime.UtcNow.AddSeconds(60));
    }
}
