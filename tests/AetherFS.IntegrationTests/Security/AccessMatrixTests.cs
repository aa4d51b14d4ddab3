using System.Net;
using System.Text;
using AetherFS.IntegrationTests.Infrastructure;

namespace AetherFS.IntegrationTests.Security;

/// <summary>
/// One table, principals × surfaces × actions, against a real hub with --auth-config (<see cref="AuthHubFixture"/>):
/// 401 with a Basic challenge for missing or wrong credentials, 403 for a known caller without the right.
/// </summary>
public sealed class AccessMatrixTests : IClassFixture<AuthHubFixture>, IDisposable
{
    private readonly AuthHubFixture _fixture;
    private readonly HttpClient _http;

    public AccessMatrixTests(AuthHubFixture fixture)
    {
        _fixture = fixture;
        _http = new HttpClient { BaseAddress = fixture.Hub.Url, Timeout = TimeSpan.FromSeconds(60) };
    }

    public void Dispose() => _http.Dispose();

    public static TheoryData<string, string, string, int> Matrix => new()
    {
        // Health stays open, even to wrong credentials.
        { "anonymous", "GET", "/healthz", 200 },
        { "bob:wrong", "GET", "/healthz", 200 },

        // Dataset REST: read.
        { "anonymous", "GET", "/api/v1/datasets/public/a/-/tags", 200 },
        { "anonymous", "GET", "/api/v1/datasets/maxmind/-/tags", 401 },
        { "bob", "GET", "/api/v1/datasets/maxmind/-/tags", 200 },
        { "carol", "GET", "/api/v1/datasets/maxmind/-/tags/v1", 200 },
        { "bob", "GET", "/api/v1/datasets/private/x/-/tags", 403 },
        { "alice", "GET", "/api/v1/datasets/private/x/-/tags", 200 },
        { "bob:wrong", "GET", "/api/v1/datasets/public/a/-/tags", 401 },
        { "nobody", "GET", "/api/v1/datasets/public/a/-/tags", 401 },
        { "anonymous", "GET", "/api/v1/datasets/public/a/-/watch?tag=v1", 200 },
        { "anonymous", "GET", "/api/v1/datasets/maxmind/-/watch?tag=v1", 401 },
        { "anonymous", "GET", "/api/v1/datasets/public/a/-/stats", 200 },
        { "anonymous", "GET", "/api/v1/datasets/maxmind/-/stats", 401 },
        { "bob", "GET", "/api/v1/datasets/maxmind/-/stats?since=7d", 200 },
        { "bob", "GET", "/api/v1/datasets/private/x/-/stats", 403 },

        // Names that try to slip past the rules.
        { "anonymous", "GET", "/api/v1/datasets/Public/a/-/tags", 401 },
        { "anonymous", "GET", "/api/v1/datasets/public/../maxmind/-/tags", 401 },
        { "anonymous", "GET", "/api/v1/datasets/public%2F..%2Fmaxmind/-/tags", 401 },
        { "anonymous", "GET", "/api/v1/datasets/public//a/-/tags", 401 },

        // Dataset REST: write, delete, admin.
        { "bob", "DELETE", "/api/v1/datasets/maxmind/-/tags/v1", 403 },
        { "anonymous", "DELETE", "/api/v1/datasets/public/a/-/tags/v1", 401 },
        { "bob", "PUT", "/api/v1/datasets/maxmind/-/tags/v2", 403 },
        { "carol", "PUT", "/api/v1/datasets/maxmind/-/retention", 403 },
        { "bob", "POST", "/api/v1/gc", 403 },
        { "anonymous", "POST", "/api/v1/gc", 401 },
        { "carol", "POST", "/api/v1/verify", 403 },

        // Manifests and blocks never bypass datasets.
        { "anonymous", "GET", "/api/v1/datasets/public/a/-/manifests/{maxmind}", 401 },
        { "bob", "GET", "/api/v1/datasets/public/a/-/manifests/{maxmind}", 403 },
        { "bob", "GET", "/api/v1/datasets/maxmind/-/manifests/{maxmind}", 200 },
        { "anonymous", "GET", "/api/v1/manifests/{maxmind}", 401 },
        { "anonymous", "GET", "/api/v1/manifests/{public}", 200 },
        { "bob", "GET", "/api/v1/manifests/{maxmind}", 200 },
        { "anonymous", "GET", "/api/v1/manifests/{public}/transfer", 200 },
        { "anonymous", "GET", "/api/v1/manifests/{maxmind}/transfer?from={public}", 401 },
        { "anonymous", "GET", "/api/v1/manifests/{public}/transfer?from={maxmind}", 401 },
        { "bob", "GET", "/api/v1/manifests/{maxmind}/transfer?from={public}", 200 },
        { "anonymous", "GET", "/api/v1/blocks/{block}", 401 },
        { "anonymous", "HEAD", "/api/v1/blocks/{block}", 401 },
        { "bob", "GET", "/api/v1/blocks/{block}", 200 },
        { "anonymous", "POST", "/api/v1/blocks/missing", 401 },
        { "bob", "POST", "/api/v1/blocks/missing", 403 },
        { "carol", "POST", "/api/v1/blocks/missing", 200 },
        { "anonymous", "POST", "/api/v1/blocks/fetch", 401 },
        { "bob", "POST", "/api/v1/blocks/fetch", 200 },

        // The file server, by tag and by digest.
        { "anonymous", "GET", "/fs/public/a/v1/data.bin", 200 },
        { "anonymous", "GET", "/fs/maxmind/v1/data.bin", 401 },
        { "bob", "GET", "/fs/maxmind/v1/data.bin", 200 },
        { "bob", "GET", "/fs/private/x/v1/", 403 },
        { "anonymous", "GET", "/fs/public/a@{maxmind}/data.bin", 401 },
        { "bob", "GET", "/fs/maxmind@{maxmind}/data.bin", 200 },
        { "bob:wrong", "GET", "/fs/public/a/v1/data.bin", 401 },

        // The UI and the API documentation.
        { "anonymous", "GET", "/ui/datasets/public/a/", 200 },
        { "anonymous", "GET", "/ui/datasets/maxmind/", 401 },
        { "bob", "GET", "/ui/datasets/private/x/", 403 },
        { "anonymous", "GET", "/openapi/v1.json", 401 },
        { "bob", "GET", "/openapi/v1.json", 200 },
        { "anonymous", "GET", "/swagger/index.html", 401 },

        // Who am I.
        { "anonymous", "GET", "/api/v1/auth/whoami", 200 },
        { "bob:wrong", "GET", "/api/v1/auth/whoami", 401 },
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Surface_GivesTheVerdictOfTheRules(string principal, string method, string path, int expected)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), Resolve(path));
        if (principal != "anonymous")
        {
            var parts = principal.Split(':');
            request.Headers.Authorization = AuthHubFixture.Basic(parts[0], parts.Length > 1 ? parts[1] : AuthHubFixture.Password);
        }

        request.Content = method switch
        {
            "POST" when path.Contains("blocks/", StringComparison.Ordinal) => Json($"{{\"signatures\":[\"{_fixture.MaxmindBlock}\"]}}"),
            "PUT" when path.EndsWith("/retention", StringComparison.Ordinal) => Json("{\"keepLast\":1}"),
            "PUT" => Json($"{{\"digest\":\"{_fixture.MaxmindDigest}\"}}"),
            _ => null,
        };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);

        Assert.Equal((HttpStatusCode)expected, response.StatusCode);
        if (expected == 401)
        {
            Assert.Equal("Basic realm=\"aetherfs\", charset=\"UTF-8\"", response.Headers.WwwAuthenticate.ToString());
        }
    }

    [Fact]
    public async Task ADigest_IsReadableThroughADataset_ExactlyWhileOneOfItsTagsPointsAtIt()
    {
        using var admin = new HttpRequestMessage(HttpMethod.Get, "/api/v1/datasets/private/x/-/tags/v1");
        admin.Headers.Authorization = AuthHubFixture.Basic("alice");
        using var tag = System.Text.Json.JsonDocument.Parse(await (await _http.SendAsync(admin)).Content.ReadAsStringAsync());
        var digest = tag.RootElement.GetProperty("digest").GetString()!;
        var viaMaxmind = $"/fs/maxmind@{digest}/data.bin";

        Assert.Equal(HttpStatusCode.Forbidden, await SendAsync("bob", HttpMethod.Get, viaMaxmind));
        Assert.Equal(HttpStatusCode.OK, await SendAsync("carol", HttpMethod.Put, "/api/v1/datasets/maxmind/-/tags/shared", Json($"{{\"digest\":\"{digest}\"}}")));
        Assert.Equal(HttpStatusCode.OK, await SendAsync("bob", HttpMethod.Get, viaMaxmind));
        Assert.Equal(HttpStatusCode.NoContent, await SendAsync("carol", HttpMethod.Delete, "/api/v1/datasets/maxmind/-/tags/shared"));
        Assert.Equal(HttpStatusCode.Forbidden, await SendAsync("bob", HttpMethod.Get, viaMaxmind));
    }

    [Fact]
    public async Task MultipleAuthorizationHeaders_AreRefused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/datasets/public/a/-/tags");
        request.Headers.TryAddWithoutValidation("Authorization", [AuthHubFixture.Basic("bob").ToString(), AuthHubFixture.Basic("alice").ToString()]);

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("anonymous", "public/a")]
    [InlineData("bob", "maxmind,public/a")]
    [InlineData("alice", "maxmind,private/x,public/a")]
    public async Task Listings_ShowOnlyWhatTheCallerMayRead(string principal, string expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/datasets");
        using var ui = new HttpRequestMessage(HttpMethod.Get, "/ui/");
        if (principal != "anonymous")
        {
            request.Headers.Authorization = ui.Headers.Authorization = AuthHubFixture.Basic(principal);
        }

        using var response = await _http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        using var document = System.Text.Json.JsonDocument.Parse(body);
        var names = document.RootElement.GetProperty("datasets").EnumerateArray().Select(d => d.GetProperty("name").GetString()).ToList();
        var page = await (await _http.SendAsync(ui)).Content.ReadAsStringAsync();

        Assert.Equal(expected.Split(','), names);
        foreach (var hidden in new[] { "maxmind", "private/x", "public/a" }.Except(expected.Split(',')))
        {
            Assert.DoesNotContain($"data-name=\"{hidden}\"", page, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("anonymous", "{\"name\":\"anonymous\",\"kind\":\"anonymous\",\"admin\":false}")]
    [InlineData("bob", "{\"name\":\"bob\",\"kind\":\"user\",\"admin\":false}")]
    [InlineData("alice", "{\"name\":\"alice\",\"kind\":\"user\",\"admin\":true}")]
    public async Task WhoAmI_NamesTheCaller(string principal, string expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/auth/whoami");
        if (principal != "anonymous")
        {
            request.Headers.Authorization = AuthHubFixture.Basic(principal);
        }

        using var response = await _http.SendAsync(request);

        Assert.Equal(expected, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Denials_AndWrites_AreAudited_WithoutPasswords()
    {
        using var denied = new HttpRequestMessage(HttpMethod.Delete, "/api/v1/datasets/maxmind/-/tags/nope");
        denied.Headers.Authorization = AuthHubFixture.Basic("bob");
        using var deleted = new HttpRequestMessage(HttpMethod.Delete, "/api/v1/datasets/maxmind/-/tags/nope");
        deleted.Headers.Authorization = AuthHubFixture.Basic("carol");
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/v1/datasets");
        wrong.Headers.Authorization = AuthHubFixture.Basic("carol", "guess-" + Guid.NewGuid().ToString("N"));

        (await _http.SendAsync(denied)).Dispose();
        (await _http.SendAsync(deleted)).Dispose();
        (await _http.SendAsync(wrong)).Dispose();

        var log = _fixture.Hub.Output;
        Assert.Contains("audit denied principal=bob kind=user action=delete maxmind", log, StringComparison.Ordinal);
        Assert.Contains("audit change principal=carol kind=user action=delete maxmind", log, StringComparison.Ordinal);
        Assert.Contains("audit login principal=carol", log, StringComparison.Ordinal);
        Assert.DoesNotContain(AuthHubFixture.Password, log, StringComparison.Ordinal);
        Assert.DoesNotContain("guess-", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RepeatedBadPasswords_AreSlowedDown_ForThatUserFromThatAddress()
    {
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync("erin", "wrong"));
        }

        // Even the right password waits out the window now: the guesser cannot tell it was right.
        Assert.Equal(HttpStatusCode.TooManyRequests, await StatusAsync("erin", AuthHubFixture.Password));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync("bob", AuthHubFixture.Password));
    }

    private async Task<HttpStatusCode> SendAsync(string user, HttpMethod method, string path, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = AuthHubFixture.Basic(user);
        using var response = await _http.SendAsync(request);
        return response.StatusCode;
    }

    private async Task<HttpStatusCode> StatusAsync(string user, string password)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/auth/whoami");
        request.Headers.Authorization = AuthHubFixture.Basic(user, password);
        using var response = await _http.SendAsync(request);
        return response.StatusCode;
    }

    private Uri Resolve(string path) => new(
        path.Replace("{maxmind}", _fixture.MaxmindDigest, StringComparison.Ordinal)
            .Replace("{public}", _fixture.PublicDigest, StringComparison.Ordinal)
            .Replace("{block}", _fixture.MaxmindBlock, StringComparison.Ordinal),
        UriKind.Relative);

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");
}
