using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using AetherFS.IntegrationTests.Infrastructure;
using AetherFS.Protocol.Block.V1;
using AetherFS.Protocol.Rest;
using AetherFS.Storage.Claims;

namespace AetherFS.IntegrationTests.Api;

/// <summary>
/// "Which are missing" claims the blocks found present for the push that asks: asked again and again, it would fill
/// the disk with claims. One push id may write a bounded number of them; beyond, 429 / RESOURCE_EXHAUSTED.
/// </summary>
public sealed class ClaimLimitTests : IClassFixture<HubFixture>, IDisposable
{
    private readonly HubHost _hub;
    private readonly HttpClient _http;

    public ClaimLimitTests(HubFixture fixture)
    {
        _hub = fixture.Hub;
        _http = new HttpClient { BaseAddress = _hub.Url, Timeout = TimeSpan.FromSeconds(30) };
    }

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task FindMissing_AskedOverAndOverAboutPresentBlocks_StopsClaimingAtTheBudget_OnRestAndGrpc()
    {
        var block = TreeBuilder.RandomBytes(1000, 77);
        var signature = Convert.ToHexStringLower(SHA256.HashData(block));
        using (var put = await _http.PutAsync(new Uri($"/api/v1/blocks/{signature}", UriKind.Relative), new ByteArrayContent(block)))
        {
            put.EnsureSuccessStatusCode();
        }

        var pushId = ClaimStore.NewId();
        for (var i = 0; i < ClaimBudget.MaxObjectsPerPush; i++)
        {
            using var response = await AskAsync(signature, pushId);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using var refused = await AskAsync(signature, pushId);

        Assert.Equal((HttpStatusCode)429, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains($"push {pushId} has claimed more than the hub allows", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(ClaimBudget.MaxObjectsPerPush, Directory.GetFiles(Path.Join(_hub.StoragePath, "claims", pushId)).Length);
        using var grpc = new GrpcHub(_hub.Url);
        var options = GrpcHub.Options().WithHeaders(new global::Grpc.Core.Metadata { { "aetherfs-push-id", pushId } });
        var error = await Assert.ThrowsAsync<global::Grpc.Core.RpcException>(async () => await grpc.Blocks.FindMissingAsync(new FindMissingRequest { Signatures = { signature } }, options));
        Assert.Equal(global::Grpc.Core.StatusCode.ResourceExhausted, error.StatusCode);
        using var other = await AskAsync(signature, ClaimStore.NewId());
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task FindMissing_OfRandomSignatures_WritesNothing()
    {
        var pushId = ClaimStore.NewId();
        for (var call = 0; call < 20; call++)
        {
            var signatures = Enumerable.Range(0, MissingBlocksRequest.MaxSignatures).Select(_ => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32))).ToArray();
            using var response = await AskAsync(signatures, pushId);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.False(Directory.Exists(Path.Join(_hub.StoragePath, "claims", pushId)));
    }

    private Task<HttpResponseMessage> AskAsync(string signature, string pushId) => AskAsync([signature], pushId);

    private Task<HttpResponseMessage> AskAsync(string[] signatures, string pushId)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, ApiPaths.MissingBlocks)
        {
            Content = JsonContent.Create(new MissingBlocksRequest(signatures), ProtocolJsonContext.Default.MissingBlocksRequest),
        };
        request.Headers.Add(ApiPaths.PushIdHeader, pushId);
        return _http.SendAsync(request);
    }
}
