using System.Net;
using System.Text.Json;
using AetherFS.Hub.Security.Sessions;
using AetherFS.Hub.Security.Tokens;
using AetherFS.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace AetherFS.IntegrationTests.Security;

/// <summary>
/// The web UI's sessions over HTTP against the real hub: where the cookie counts (reads only, never writes), what a
/// stale cookie gets, sign-in and sign-out refused from other sites, the cookie's attributes, sessions shared by
/// hubs on one store, and the secret in no log.
/// </summary>
public sealed class SessionTests : IClassFixture<AuthHubFixture>, IDisposable
{
    private readonly AuthHubFixture _fixture;
    private readonly TempDirectory _temp = new();

    public SessionTests(AuthHubFixture fixture) => _fixture = fixture;

    private Uri Hub => _fixture.Hub.Url;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task SessionCookie_IsHttpOnlyLaxForTheWholeHub_AndLastsTwelveHours()
    {
        using var http = UiSignIn.Client(Hub);
        using var response = await UiSignIn.PostFormAsync(http, "/ui/login", new Dictionary<string, string> { ["user"] = "bob", ["password"] = AuthHubFixture.Password, ["return"] = "/ui/datasets/maxmind/" });

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("/ui/datasets/maxmind/", response.Headers.Location?.OriginalString);
        var cookie = UiSignIn.SetCookieOf(response)!.ToLowerInvariant();
        Assert.Contains("; httponly", cookie, StringComparison.Ordinal);
        Assert.Contains("; samesite=lax", cookie, StringComparison.Ordinal);
        Assert.Contains("; path=/;", cookie + ";", StringComparison.Ordinal);
        Assert.DoesNotContain("secure", cookie, StringComparison.Ordinal);
        var expires = DateTimeOffset.Parse(cookie.Split("; expires=")[1].Split(';')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expires - DateTimeOffset.UtcNow, SessionStore.Lifetime - TimeSpan.FromMinutes(5), SessionStore.Lifetime);
    }

    [Fact]
    public async Task SessionCookie_IsSecure_WhenTheHubIsReachedOverHttps()
    {
        using var certificate = SelfSignedCertificate.Create(_temp.Combine("hub.pem"), _temp.Combine("hub-key.pem"));
        var configPath = _temp.Combine("auth.yaml");
        await File.WriteAllTextAsync(configPath, AuthHubFixture.Config);
        await using var hub = await HubHost.StartAsync(options: ["--auth-config", configPath, "--tls-cert-path", _temp.Combine("hub.pem"), "--tls-key-path", _temp.Combine("hub-key.pem")], tlsCertificate: certificate);
        var thumbprint = certificate.Thumbprint;
        using var http = new HttpClient(new HttpClientHandler
        {
            UseCookies = false,
            AllowAutoRedirect = false,
            // Only this test's own certificate is trusted.
            ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented?.Thumbprint == thumbprint,
        }) { BaseAddress = hub.Url, Timeout = UiSignIn.Timeout };

        using var response = await UiSignIn.PostFormAsync(http, "/ui/login", new Dictionary<string, string> { ["user"] = "bob", ["password"] = AuthHubFixture.Password });

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Contains("; secure", UiSignIn.SetCookieOf(response)!.ToLowerInvariant(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SessionCookie_CountsForReads_ButAWriteWithOnlyTheCookieIsAnonymous()
    {
        var carol = await UiSignIn.SignInAsync(Hub, "carol");
        using var http = UiSignIn.Client(Hub);

        Assert.Equal("carol", await WhoAmIAsync(http, carol));
        using (var file = await UiSignIn.GetAsync(http, "/fs/maxmind/v1/data.bin", carol))
        {
            Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        }

        // carol may delete maxmind's tags, but a page of another site can make her browser send this request.
        using (var delete = new HttpRequestMessage(HttpMethod.Delete, new Uri("/api/v1/datasets/maxmind/-/tags/v1", UriKind.Relative)))
        {
            delete.Headers.Add("Cookie", $"{SessionCookie.Name}={carol}");
            using var refused = await http.SendAsync(delete);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        using var tag = await UiSignIn.GetAsync(http, "/api/v1/datasets/maxmind/-/tags/v1", null, authorization: AuthHubFixture.Basic("alice").ToString());
        Assert.Equal(HttpStatusCode.OK, tag.StatusCode);
    }

    [Fact]
    public async Task AuthorizationHeader_WinsOverTheCookie()
    {
        var bob = await UiSignIn.SignInAsync(Hub, "bob");
        using var http = UiSignIn.Client(Hub);

        using var asCarol = await UiSignIn.GetAsync(http, "/api/v1/auth/whoami", bob, authorization: AuthHubFixture.Basic("carol").ToString());
        Assert.Equal("carol", JsonDocument.Parse(await asCarol.Content.ReadAsStringAsync()).RootElement.GetProperty("name").GetString());
        using var wrong = await UiSignIn.GetAsync(http, "/api/v1/auth/whoami", bob, authorization: AuthHubFixture.Basic("carol", "wrong").ToString());
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
    }

    [Fact]
    public async Task EndedSession_Is401ForTheApi_AndASignInRedirectThatClearsTheCookieForPages()
    {
        var bob = await UiSignIn.SignInAsync(Hub, "bob");
        using var http = UiSignIn.Client(Hub);
        using (var signOut = await UiSignIn.PostFormAsync(http, "/ui/logout", new Dictionary<string, string>(), bob))
        {
            Assert.Equal(HttpStatusCode.SeeOther, signOut.StatusCode);
            Assert.Equal(string.Empty, UiSignIn.SessionCookieOf(signOut));
        }

        using (var api = await UiSignIn.GetAsync(http, "/api/v1/auth/whoami", bob))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
            Assert.StartsWith("Basic", api.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }

        foreach (var cookie in new[] { bob, "not-a-session", SessionSecret.Generate() })
        {
            // Even a public page: the cookie goes, and the sign-in page says the session ended and offers to go on.
            using var page = await UiSignIn.GetAsync(http, "/ui/datasets/public/a/", cookie, page: true);
            Assert.Equal(HttpStatusCode.SeeOther, page.StatusCode);
            Assert.Equal("/ui/login?return=%2Fui%2Fdatasets%2Fpublic%2Fa%2F&ended=1", page.Headers.Location?.OriginalString);
            Assert.Equal(string.Empty, UiSignIn.SessionCookieOf(page));
        }

        using var signIn = await UiSignIn.GetAsync(http, "/ui/login?return=%2Fui%2Fdatasets%2Fpublic%2Fa%2F&ended=1", null, page: true);
        var html = await signIn.Content.ReadAsStringAsync();
        Assert.Contains("Your session has ended", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/ui/datasets/public/a/\"", html, StringComparison.Ordinal);
        using var anonymous = await UiSignIn.GetAsync(http, "/ui/datasets/public/a/", null, page: true);
        Assert.Equal(HttpStatusCode.OK, anonymous.StatusCode);
    }

    [Fact]
    public async Task UnauthenticatedBrowser_IsSentToSignIn_WhileApiAndFileClientsGetAChallenge()
    {
        using var http = UiSignIn.Client(Hub);

        using (var page = await UiSignIn.GetAsync(http, "/ui/datasets/maxmind/-/tree/v1/?x=1", null, page: true))
        {
            Assert.Equal(HttpStatusCode.SeeOther, page.StatusCode);
            Assert.Equal("/ui/login?return=%2Fui%2Fdatasets%2Fmaxmind%2F-%2Ftree%2Fv1%2F%3Fx%3D1", page.Headers.Location?.OriginalString);
        }

        foreach (var (path, asPage) in new[] { ("/ui/datasets/maxmind/", false), ("/fs/maxmind/v1/", true), ("/api/v1/datasets/maxmind/-/tags", false) })
        {
            using var refused = await UiSignIn.GetAsync(http, path, null, page: asPage);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.StartsWith("Basic", refused.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("http://evil.example", null)]
    [InlineData("null", null)]
    [InlineData(null, "cross-site")]
    [InlineData(null, "same-site")]
    [InlineData(null, null)]
    public async Task SignInAndSignOut_FromAnotherSite_AreRefused(string? origin, string? fetchSite)
    {
        var bob = await UiSignIn.SignInAsync(Hub, "bob");
        using var http = UiSignIn.Client(Hub);
        var form = new Dictionary<string, string> { ["user"] = "erin", ["password"] = AuthHubFixture.Password };

        using (var signIn = await UiSignIn.PostFormAsync(http, "/ui/login", form, origin: origin, fetchSite: fetchSite))
        {
            Assert.Equal(HttpStatusCode.Forbidden, signIn.StatusCode);
            Assert.Null(UiSignIn.SetCookieOf(signIn));
        }

        using (var signOut = await UiSignIn.PostFormAsync(http, "/ui/logout", new Dictionary<string, string>(), bob, origin: origin, fetchSite: fetchSite))
        {
            Assert.Equal(HttpStatusCode.Forbidden, signOut.StatusCode);
        }

        Assert.Equal("bob", await WhoAmIAsync(http, bob));
    }

    [Theory]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    [InlineData("https://evil.example/")]
    [InlineData("javascript:alert(1)")]
    [InlineData("/\t/evil.example/")]
    [InlineData("evil.example")]
    public async Task SignIn_NeverRedirectsOffTheHub(string target)
    {
        using var http = UiSignIn.Client(Hub);
        using var response = await UiSignIn.PostFormAsync(http, "/ui/login", new Dictionary<string, string> { ["user"] = "erin", ["password"] = AuthHubFixture.Password, ["return"] = target });

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("/ui/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task SignIn_RefusesAnOversizedForm_AndStartsNoSession()
    {
        using var http = UiSignIn.Client(Hub);
        var huge = new string('x', 100_000);

        using var response = await UiSignIn.PostFormAsync(http, "/ui/login", new Dictionary<string, string> { ["user"] = "bob", ["password"] = huge });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Null(UiSignIn.SetCookieOf(response));
    }

    [Fact]
    public async Task SessionMadeOnOneHub_IsTakenByAnotherOnTheStore_AndEndsOnBothWithinTheBound()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var work = new TempDirectory();
        var configPath = _temp.Combine("auth.yaml");
        await File.WriteAllTextAsync(configPath, AuthHubFixture.Config);
        // The second hub's configuration no longer has erin: her sessions go with her.
        var withoutErin = _temp.Combine("without-erin.yaml");
        await File.WriteAllTextAsync(withoutErin, AuthHubFixture.Config.Replace("  erin:", "  # erin:", StringComparison.Ordinal));
        await using var first = await HubHost.StartAsync(work, options: ["--auth-config", configPath], time: time);
        var second = await HubHost.StartAsync(work, options: ["--auth-config", withoutErin], time: time);
        try
        {
            var bob = await UiSignIn.SignInAsync(first.Url, "bob");
            var erin = await UiSignIn.SignInAsync(first.Url, "erin");
            using var one = UiSignIn.Client(first.Url);
            using var two = UiSignIn.Client(second.Url);
            Assert.Equal("bob", await WhoAmIAsync(two, bob));
            Assert.Equal("erin", await WhoAmIAsync(one, erin));
            using (var removed = await UiSignIn.GetAsync(two, "/api/v1/auth/whoami", erin))
            {
                Assert.Equal(HttpStatusCode.Unauthorized, removed.StatusCode);
            }

            using (var signOut = await UiSignIn.PostFormAsync(two, "/ui/logout", new Dictionary<string, string>(), bob))
            {
                Assert.Equal(HttpStatusCode.SeeOther, signOut.StatusCode);
            }

            time.Advance(ApiTokenStore.CacheFor);
            using (var ended = await UiSignIn.GetAsync(one, "/api/v1/auth/whoami", bob))
            {
                Assert.Equal(HttpStatusCode.Unauthorized, ended.StatusCode);
            }

            time.Advance(SessionStore.Lifetime);
            using var expired = await UiSignIn.GetAsync(one, "/api/v1/auth/whoami", erin);
            Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        }
        finally
        {
            // Keeps the shared store for the first hub, which removes it.
            await second.StopAsync();
        }
    }

    [Fact]
    public async Task WrongPasswords_AreThrottledAndAudited_AsForBasic()
    {
        var configPath = _temp.Combine("auth.yaml");
        await File.WriteAllTextAsync(configPath, AuthHubFixture.Config);
        await using var hub = await HubHost.StartAsync(options: ["--auth-config", configPath]);
        using var http = UiSignIn.Client(hub.Url);
        var wrong = new Dictionary<string, string> { ["user"] = "bob", ["password"] = "wrong" };
        for (var i = 0; i < AetherFS.Hub.Security.LoginThrottle.MaxFailures; i++)
        {
            using var refused = await UiSignIn.PostFormAsync(http, "/ui/login", wrong);
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            Assert.Contains("Wrong user name or password.", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Null(UiSignIn.SetCookieOf(refused));
        }

        using var throttled = await UiSignIn.PostFormAsync(http, "/ui/login", new Dictionary<string, string> { ["user"] = "bob", ["password"] = AuthHubFixture.Password });
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.NotNull(throttled.Headers.RetryAfter);
        Assert.Null(UiSignIn.SetCookieOf(throttled));
        Assert.Contains("audit login principal=bob address=127.0.0.1 outcome=failed", hub.Output, StringComparison.Ordinal);
        Assert.Contains("audit login principal=bob address=127.0.0.1 outcome=throttled", hub.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SessionSecret_NeverAppearsInTheLogs()
    {
        var configPath = _temp.Combine("auth.yaml");
        await File.WriteAllTextAsync(configPath, AuthHubFixture.Config);
        await using var hub = await HubHost.StartAsync(options: ["--auth-config", configPath]);
        var secret = await UiSignIn.SignInAsync(hub.Url, "carol");
        using var http = UiSignIn.Client(hub.Url);
        Assert.Equal("carol", await WhoAmIAsync(http, secret));
        using (var denied = await UiSignIn.GetAsync(http, "/ui/datasets/private/x/", secret, page: true))
        {
            Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        }

        using (var signOut = await UiSignIn.PostFormAsync(http, "/ui/logout", new Dictionary<string, string>(), secret))
        {
            Assert.Equal(HttpStatusCode.SeeOther, signOut.StatusCode);
        }

        using (var stale = await UiSignIn.GetAsync(http, "/api/v1/auth/whoami", secret))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, stale.StatusCode);
        }

        Assert.Contains("audit login principal=carol", hub.Output, StringComparison.Ordinal);
        Assert.Contains("audit logout principal=carol", hub.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, hub.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(SessionSecret.Hash(secret), hub.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(AuthHubFixture.Password, hub.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HubWithoutAuthConfig_HasNoSignIn()
    {
        await using var hub = await HubHost.StartAsync();
        using var http = UiSignIn.Client(hub.Url);

        using (var signIn = await UiSignIn.GetAsync(http, "/ui/login", null, page: true))
        {
            Assert.Equal(HttpStatusCode.NotFound, signIn.StatusCode);
        }

        using var front = await UiSignIn.GetAsync(http, "/ui/", null, page: true);
        var html = await front.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, front.StatusCode);
        Assert.DoesNotContain("Sign in", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"account\"", html, StringComparison.Ordinal);
    }

    private static async Task<string?> WhoAmIAsync(HttpClient http, string cookie)
    {
        using var response = await UiSignIn.GetAsync(http, "/api/v1/auth/whoami", cookie);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var whoami = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return whoami.RootElement.GetProperty("name").GetString();
    }
}
