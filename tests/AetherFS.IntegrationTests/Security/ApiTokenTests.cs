using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AetherFS.Hub.Security.Tokens;
using AetherFS.IntegrationTests.Infrastructure;
using AetherFS.Protocol.Rest;
using Microsoft.Extensions.Time.Testing;

namespace AetherFS.IntegrationTests.Security;

/// <summary>
/// API tokens against the real hub: what a token lets the CLI do (its scope within its owner's current rights),
/// revocation, expiry, and that the secret is shown once and nowhere else.
/// </summary>
public sealed class ApiTokenTests : IClassFixture<AuthHubFixture>, IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly AuthHubFixture _fixture;
    private readonly TempDirectory _temp = new();

    public ApiTokenTests(AuthHubFixture fixture) => _fixture = fixture;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Token_PullsWithinItsScope_AndIsRefusedOutsideIt()
    {
        var token = await CreateAsync(_fixture.Hub.Url, "carol", "scoped-read", ["maxmind"], ["read"]);

        (await Infrastructure.Cli.RunAsync(Environment(token), "pull", "maxmind:v1", _temp.Combine("in"))).AssertSuccess();
        Assert.True(File.Exists(Path.Join(_temp.Combine("in"), "data.bin")));

        // carol may read public/a, but the token does not name it; nor does it allow writing maxmind, which carol may.
        (await Infrastructure.Cli.RunAsync(Environment(token), "pull", "public/a:v1", _temp.Combine("out"))).AssertFailedWithOneLine(8);
        Assert.False(Directory.Exists(_temp.Combine("out")));
        var source = _temp.Combine("src");
        TreeBuilder.WriteFile(source, "new.bin", TreeBuilder.RandomBytes(10_000, 21));
        (await Infrastructure.Cli.RunAsync(Environment(token), "push", "-t", "maxmind:token-push", source)).AssertFailedWithOneLine(8);
    }

    [Fact]
    public async Task Token_NeverGivesMoreThanItsOwnerMayDo()
    {
        // bob may only read maxmind: a token naming write on it, or private/x, does not add to that.
        var token = await CreateAsync(_fixture.Hub.Url, "bob", "too-wide", ["maxmind", "private/**"], ["read", "write"]);
        var source = _temp.Combine("src");
        TreeBuilder.WriteFile(source, "new.bin", TreeBuilder.RandomBytes(10_000, 22));
        (await Infrastructure.Cli.RunAsync(Environment(token), "push", "-t", "maxmind:bob-push", source)).AssertFailedWithOneLine(8);
        (await Infrastructure.Cli.RunAsync(Environment(token), "pull", "private/x:v1", _temp.Combine("private"))).AssertFailedWithOneLine(8);
        (await Infrastructure.Cli.RunAsync(Environment(token), "pull", "maxmind:v1", _temp.Combine("ok"))).AssertSuccess();
    }

    [Fact]
    public async Task Token_IsTakenAsItsOwner_AsBearerAndAsBasicPassword()
    {
        var token = await CreateAsync(_fixture.Hub.Url, "alice", "whoami", ["**"], ["read"]);
        foreach (var header in new[] { new AuthenticationHeaderValue("Bearer", token), AuthHubFixture.Basic("anything", token) })
        {
            using var http = Client(header);
            using var whoami = JsonDocument.Parse(await http.GetStringAsync(new Uri("/api/v1/auth/whoami", UriKind.Relative)));
            Assert.Equal("alice", whoami.RootElement.GetProperty("name").GetString());
            Assert.Equal("token", whoami.RootElement.GetProperty("kind").GetString());
            // alice is an admin, but a read-only token is not.
            Assert.False(whoami.RootElement.GetProperty("admin").GetBoolean());
        }

        using var bearer = Client(new AuthenticationHeaderValue("Bearer", token));
        using var gc = await bearer.PostAsync(new Uri("/api/v1/gc", UriKind.Relative), JsonContent.Create(new { }));
        Assert.Equal(HttpStatusCode.Forbidden, gc.StatusCode);
    }

    [Fact]
    public async Task RevokedToken_IsRefusedWith401_AndNeverTakenForAnonymous()
    {
        var token = await CreateAsync(_fixture.Hub.Url, "carol", "to-revoke", ["public/**"], ["read"]);
        (await Infrastructure.Cli.RunAsync(Environment(token), "pull", "public/a:v1", _temp.Combine("before"))).AssertSuccess();

        using var carol = Client(AuthHubFixture.Basic("carol"));
        using var revoke = await carol.DeleteAsync(new Uri("/api/v1/tokens/to-revoke", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);

        // public/a is open to anonymous callers, yet a revoked token is not let in as one.
        (await Infrastructure.Cli.RunAsync(Environment(token), "pull", "public/a:v1", _temp.Combine("after"))).AssertFailedWithOneLine(7);
        using var again = await carol.DeleteAsync(new Uri("/api/v1/tokens/to-revoke", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task TokenList_ShowsScopesButNeverTheSecret_AndNeitherDoTheLogs()
    {
        var token = await CreateAsync(_fixture.Hub.Url, "carol", "listed", ["maxmind"], ["read"], "90d");
        (await Infrastructure.Cli.RunAsync(Environment(token), "pull", "maxmind:v1", _temp.Combine("pulled"))).AssertSuccess();

        using var carol = Client(AuthHubFixture.Basic("carol"));
        var list = await carol.GetStringAsync(new Uri("/api/v1/tokens", UriKind.Relative));
        Assert.Contains("\"listed\"", list, StringComparison.Ordinal);
        Assert.Contains("\"expires\"", list, StringComparison.Ordinal);
        Assert.DoesNotContain(token, list, StringComparison.Ordinal);
        Assert.DoesNotContain(token[4..], _fixture.Hub.Output, StringComparison.Ordinal);

        // bob sees none of carol's tokens; alice, an admin, sees them.
        using var bob = Client(AuthHubFixture.Basic("bob"));
        Assert.DoesNotContain("\"listed\"", await bob.GetStringAsync(new Uri("/api/v1/tokens", UriKind.Relative)), StringComparison.Ordinal);
        using var alice = Client(AuthHubFixture.Basic("alice"));
        Assert.Contains("\"listed\"", await alice.GetStringAsync(new Uri("/api/v1/tokens", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreatingTokens_RefusesBadInput_OtherOwners_AndTokensThemselves()
    {
        using var bob = Client(AuthHubFixture.Basic("bob"));
        foreach (var (body, status) in new (object Body, HttpStatusCode Status)[]
        {
            (new { name = "x", datasets = new[] { "maxmind" }, actions = new[] { "fly" } }, HttpStatusCode.BadRequest),
            (new { name = "x", datasets = new[] { "max*" }, actions = new[] { "read" } }, HttpStatusCode.BadRequest),
            (new { name = "x", datasets = new[] { "maxmind" }, actions = new[] { "read" }, expires = "soon" }, HttpStatusCode.BadRequest),
            (new { name = "../x", datasets = new[] { "maxmind" }, actions = new[] { "read" } }, HttpStatusCode.BadRequest),
            (new { name = "x", datasets = new[] { "maxmind" }, actions = new[] { "read" }, owner = "carol" }, HttpStatusCode.Forbidden),
        })
        {
            using var response = await bob.PostAsJsonAsync(new Uri("/api/v1/tokens", UriKind.Relative), body);
            Assert.Equal(status, response.StatusCode);
        }

        Assert.DoesNotContain("\"x\"", await bob.GetStringAsync(new Uri("/api/v1/tokens", UriKind.Relative)), StringComparison.Ordinal);

        var token = await CreateAsync(_fixture.Hub.Url, "bob", "minter", ["maxmind"], ["read"]);
        using var withToken = Client(new AuthenticationHeaderValue("Bearer", token));
        using var minted = await withToken.PostAsJsonAsync(new Uri("/api/v1/tokens", UriKind.Relative), new { name = "child", datasets = new[] { "maxmind" }, actions = new[] { "read" } });
        Assert.Equal(HttpStatusCode.Forbidden, minted.StatusCode);
        using var anonymous = Client(null);
        using var refused = await anonymous.PostAsJsonAsync(new Uri("/api/v1/tokens", UriKind.Relative), new { name = "anon", datasets = new[] { "maxmind" }, actions = new[] { "read" } });
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task ExpiredToken_IsRefusedWith401()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var config = new TempDirectory();
        var configPath = config.Combine("auth.yaml");
        await File.WriteAllTextAsync(configPath, AuthHubFixture.Config);
        await using var hub = await HubHost.StartAsync(options: ["--auth-config", configPath], time: time);
        var token = await CreateAsync(hub.Url, "bob", "short", ["maxmind"], ["read"], "1h");

        using var http = new HttpClient { BaseAddress = hub.Url, Timeout = Timeout };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using (var fresh = await http.GetAsync(new Uri("/api/v1/auth/whoami", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        }

        time.Advance(TimeSpan.FromMinutes(61));
        using var expired = await http.GetAsync(new Uri("/api/v1/auth/whoami", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
    }

    [Fact]
    public async Task RevocationThroughOneHub_IsRefusedByAnotherHubOnTheSameBucket_WithinTheCacheBound()
    {
        // Two full hubs on one s3rver bucket, one clock: what one hub revokes, the other refuses once its cache expires.
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await S3rverProcess.StartAsync();
        using var config = new TempDirectory();
        var configPath = config.Combine("auth.yaml");
        await File.WriteAllTextAsync(configPath, AuthHubFixture.Config);
        string[] options = ["--auth-config", configPath, .. S3HubOptions.For(server)];
        await using var first = await HubHost.StartAsync(options: options, time: time);
        await using var second = await HubHost.StartAsync(options: options, time: time);

        var token = await CreateAsync(first.Url, "bob", "shared", ["maxmind"], ["read"]);
        using var onSecond = new HttpClient { BaseAddress = second.Url, Timeout = Timeout };
        onSecond.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(onSecond));

        using var bob = new HttpClient { BaseAddress = first.Url, Timeout = Timeout };
        bob.DefaultRequestHeaders.Authorization = AuthHubFixture.Basic("bob");
        using (var revoke = await bob.DeleteAsync(new Uri("/api/v1/tokens/shared", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        }

        // The second hub may trust what it read for at most the bound (docs/security.md), and no longer.
        Assert.True(ApiTokenStore.CacheFor <= TimeSpan.FromSeconds(10));
        time.Advance(ApiTokenStore.CacheFor);
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(onSecond));

        static async Task<HttpStatusCode> StatusAsync(HttpClient http)
        {
            using var response = await http.GetAsync(new Uri("/api/v1/auth/whoami", UriKind.Relative));
            return response.StatusCode;
        }
    }

    private HttpClient Client(AuthenticationHeaderValue? authorization)
    {
        var http = new HttpClient { BaseAddress = _fixture.Hub.Url, Timeout = Timeout };
        http.DefaultRequestHeaders.Authorization = authorization;
        return http;
    }

    private static async Task<string> CreateAsync(Uri hub, string user, string name, string[] datasets, string[] actions, string? expires = null)
    {
        using var http = new HttpClient { BaseAddress = hub, Timeout = Timeout };
        http.DefaultRequestHeaders.Authorization = AuthHubFixture.Basic(user);
        using var response = await http.PostAsJsonAsync(new Uri("/api/v1/tokens", UriKind.Relative), new CreateTokenRequest(name, datasets, actions, expires, null));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync(ProtocolJsonContext.Default.CreatedTokenResponse);
        Assert.StartsWith("afs_", created!.Token, StringComparison.Ordinal);
        return created.Token;
    }

    private Dictionary<string, string> Environment(string token) => ClientEnvironment.IsolatedFreshCache(_temp, _fixture.Hub.Url.ToString(), token);
}
