using System.Net;
using System.Net.Http.Json;
using System.Text;
using AetherFS.IntegrationTests.Infrastructure;
using AetherFS.Protocol.Dataset.V1;
using Grpc.Core;

namespace AetherFS.IntegrationTests.Security;

/// <summary>
/// OIDC bearer tokens against a real issuer on loopback (<see cref="OidcHubFixture"/>): the matrix of principals ×
/// surfaces (REST, watch, <c>/fs</c>, <c>/ui</c>, gRPC), and forged tokens refused with 401 on every surface, never
/// taken for anonymous even where anonymous callers are welcome.
/// </summary>
public sealed class OidcAccessTests : IClassFixture<OidcHubFixture>, IDisposable
{
    private static readonly string[] Challenges = ["Basic realm=\"aetherfs\", charset=\"UTF-8\"", "Bearer realm=\"aetherfs\""];

    private readonly OidcHubFixture _fixture;
    private readonly HttpClient _http;
    private readonly GrpcHub _grpc;

    public OidcAccessTests(OidcHubFixture fixture)
    {
        _fixture = fixture;
        _http = new HttpClient { BaseAddress = fixture.Hub.Url, Timeout = TimeSpan.FromSeconds(60) };
        _grpc = new GrpcHub(fixture.Hub.Url);
    }

    public void Dispose()
    {
        _http.Dispose();
        _grpc.Dispose();
    }

    public static TheoryData<string, string, string, int> Matrix => new()
    {
        // A reader by name.
        { "rita", "GET", "/api/v1/datasets/maxmind/-/tags", 200 },
        { "rita", "GET", "/api/v1/datasets/maxmind/-/watch?tag=v1", 200 },
        { "rita", "GET", "/fs/maxmind/v1/data.bin", 200 },
        { "rita", "GET", "/ui/datasets/maxmind/", 200 },
        { "rita", "PUT", "/api/v1/datasets/maxmind/-/tags/rita", 403 },
        { "rita", "GET", "/fs/private/x/v1/", 403 },

        // A writer by name.
        { "walt", "PUT", "/api/v1/datasets/maxmind/-/tags/walt", 200 },
        { "walt", "DELETE", "/api/v1/datasets/maxmind/-/tags/walt", 403 },
        { "walt", "POST", "/api/v1/blocks/missing", 200 },

        // A group member by the token's claim.
        { "gina", "GET", "/api/v1/datasets/maxmind/-/tags/v1", 200 },
        { "gina", "GET", "/fs/maxmind/v1/data.bin", 200 },
        { "gina", "PUT", "/api/v1/datasets/maxmind/-/tags/gina", 200 },
        { "gina", "DELETE", "/api/v1/datasets/maxmind/-/tags/never-made", 404 },
        { "gina", "GET", "/ui/datasets/private/x/", 403 },

        // An admin by name, and a signed-in name no rule mentions.
        { "olivia", "GET", "/api/v1/datasets/private/x/-/tags", 200 },
        { "olivia", "GET", "/fs/private/x/v1/data.bin", 200 },
        { "olivia", "POST", "/api/v1/verify", 200 },
        { "nobody", "GET", "/api/v1/datasets/public/a/-/tags", 200 },
        { "nobody", "GET", "/api/v1/datasets/maxmind/-/tags", 403 },
        { "nobody", "GET", "/openapi/v1.json", 200 },

        // Local users keep working beside OIDC.
        { "alice:basic", "GET", "/api/v1/datasets/private/x/-/tags", 200 },
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Surface_GivesTheVerdictOfTheRules_ToOidcPrincipals(string principal, string method, string path, int expected)
    {
        using var response = await SendAsync(principal, method, path);

        Assert.Equal((HttpStatusCode)expected, response.StatusCode);
    }

    [Theory]
    [InlineData("rita", "maxmind", StatusCode.OK)]
    [InlineData("gina", "maxmind", StatusCode.OK)]
    [InlineData("olivia", "private/x", StatusCode.OK)]
    [InlineData("nobody", "maxmind", StatusCode.PermissionDenied)]
    [InlineData("rita", "private/x", StatusCode.PermissionDenied)]
    public async Task Grpc_GivesTheVerdictOfTheRules_ToOidcPrincipals(string principal, string name, StatusCode expected)
    {
        Assert.Equal(expected, await GrpcListTagsAsync(_fixture.TokenFor(principal), name));
    }

    [Fact]
    public async Task OidcUser_CreatingAnApiToken_IsToldToUseTheIssuersTokens_AndNothingIsCreated()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/tokens")
        {
            Content = JsonContent.Create(new { name = "ci", datasets = new[] { "maxmind" }, actions = new[] { "read" } }),
            Headers = { Authorization = OidcHubFixture.Bearer(_fixture.TokenFor("gina")) },
        };
        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("client_credentials", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var list = new HttpRequestMessage(HttpMethod.Get, "/api/v1/tokens") { Headers = { Authorization = OidcHubFixture.Bearer(_fixture.TokenFor("gina")) } };
        using var listed = await _http.SendAsync(list);
        Assert.DoesNotContain("\"ci\"", await listed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientCredentialsToken_FromTheRealIssuer_ReadsWhatItsGroupsAllow()
    {
        var token = await _fixture.Issuer.ClientCredentialsTokenAsync("ci");

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(token, "GET", "/api/v1/datasets/maxmind/-/tags"));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(token, "PUT", "/api/v1/datasets/maxmind/-/tags/ci"));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(token, "GET", "/api/v1/datasets/private/x/-/tags"));
        Assert.Equal(StatusCode.OK, await GrpcListTagsAsync(token, "maxmind"));
    }

    public static TheoryData<string> BadKinds => new(OidcTokens.BadKinds.Keys);

    [Theory]
    [MemberData(nameof(BadKinds))]
    public async Task ForgedOrStaleToken_IsRefusedWithAChallenge_OnEverySurface_NeverTakenForAnonymous(string kind)
    {
        // Every one names the admin and the data-team group: accepted, it would open everything.
        var token = OidcTokens.Bad(_fixture.Issuer, kind);
        string[] paths = ["/api/v1/datasets/public/a/-/tags", "/api/v1/datasets/public/a/-/watch?tag=v1", "/fs/public/a/v1/data.bin", "/ui/datasets/public/a/", "/api/v1/auth/whoami", "/api/v1/datasets/private/x/-/tags"];

        foreach (var path in paths)
        {
            using var response = await SendAsync("bearer:" + token, "GET", path);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{kind} on {path}: {(int)response.StatusCode}");
            Assert.Equal(Challenges, response.Headers.GetValues("WWW-Authenticate"));
        }

        Assert.Equal(StatusCode.Unauthenticated, await GrpcListTagsAsync(token, "public/a"));
        Assert.Contains("audit unauthenticated reason=" + OidcTokens.BadKinds[kind], _fixture.Hub.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(token, _fixture.Hub.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("olivia", "{\"name\":\"olivia\",\"kind\":\"oidc\",\"admin\":true}")]
    [InlineData("gina", "{\"name\":\"gina\",\"kind\":\"oidc\",\"admin\":false}")]
    public async Task WhoAmI_NamesTheOidcCaller(string principal, string expected)
    {
        using var response = await SendAsync(principal, "GET", "/api/v1/auth/whoami");

        Assert.Equal(expected, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AuthConfig_TellsClientsHowToSignIn_ToAnyCaller()
    {
        using var anonymous = await SendAsync("anonymous", "GET", "/api/v1/auth/config");
        using var wrong = await SendAsync("bearer:" + OidcTokens.Bad(_fixture.Issuer, "alg-none"), "GET", "/api/v1/auth/config");

        var expected = $"{{\"oidc\":{{\"issuer\":\"{_fixture.Issuer.Url}\",\"clientId\":\"aetherfs-cli\",\"audience\":\"aetherfs\",\"scopes\":[\"openid\",\"profile\",\"email\",\"offline_access\"]}}}}";
        Assert.Equal(expected, await anonymous.Content.ReadAsStringAsync());
        Assert.Equal(expected, await wrong.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task RefusedTokens_AreAudited_WithTheReason_NotTheToken()
    {
        var expired = OidcTokens.Bad(_fixture.Issuer, "expired");

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(expired, "GET", "/api/v1/datasets/maxmind/-/tags"));

        Assert.Contains("audit unauthenticated reason=the bearer token has expired", _fixture.Hub.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(expired.Split('.')[1], _fixture.Hub.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cli_WithAnAccessTokenFromClientCredentials_PullsWhatTheTokensGroupsAllow()
    {
        using var temp = new TempDirectory();
        var token = await _fixture.Issuer.ClientCredentialsTokenAsync("ci");
        var environment = ClientEnvironment.IsolatedFreshCache(temp, _fixture.Hub.Url.ToString(), token);

        var pulled = await Infrastructure.Cli.RunAsync(environment, "pull", "maxmind:v1", temp.Combine("maxmind"));
        var refused = await Infrastructure.Cli.RunAsync(environment, "pull", "private/x:v1", temp.Combine("private"));

        pulled.AssertSuccess();
        Assert.Equal(TreeBuilder.RandomBytes(200_000, 2), await File.ReadAllBytesAsync(temp.Combine("maxmind", "data.bin")));
        refused.AssertFailedWithOneLine(8);
        Assert.False(Directory.Exists(temp.Combine("private")) && Directory.EnumerateFileSystemEntries(temp.Combine("private")).Any());
    }

    private async Task<HttpResponseMessage> SendAsync(string principal, string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), Resolve(path));
        if (principal == "alice:basic")
        {
            request.Headers.Authorization = AuthHubFixture.Basic("alice");
        }
        else if (principal.StartsWith("bearer:", StringComparison.Ordinal))
        {
            request.Headers.Authorization = OidcHubFixture.Bearer(principal["bearer:".Length..]);
        }
        else if (principal != "anonymous")
        {
            request.Headers.Authorization = OidcHubFixture.Bearer(_fixture.TokenFor(principal));
        }

        request.Content = method switch
        {
            "POST" when path.Contains("blocks/", StringComparison.Ordinal) => Json($"{{\"signatures\":[\"{_fixture.MaxmindBlock}\"]}}"),
            "POST" => Json("{}"),
            "PUT" => Json($"{{\"digest\":\"{_fixture.MaxmindDigest}\"}}"),
            _ => null,
        };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
    }

    private async Task<HttpStatusCode> StatusAsync(string token, string method, string path)
    {
        using var response = await SendAsync("bearer:" + token, method, path);
        return response.StatusCode;
    }

    private async Task<StatusCode> GrpcListTagsAsync(string token, string name)
    {
        var headers = new Metadata { { "authorization", "Bearer " + token } };
        try
        {
            await _grpc.Datasets.ListTagsAsync(new ListTagsRequest { Name = name }, new CallOptions(headers, DateTime.UtcNow.AddSeconds(60)));
            return StatusCode.OK;
        }
        catch (RpcException e)
        {
            return e.StatusCode;
        }
    }

    private static Uri Resolve(string path) => new(path, UriKind.Relative);

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");
}
