using System.Net;
using AetherFS.Hub.Security.Sessions;
using AetherFS.IntegrationTests.Infrastructure;
using AetherFS.IntegrationTests.Security;
using Microsoft.Playwright;

namespace AetherFS.IntegrationTests.Ui;

/// <summary>
/// Signing in to the web UI through the hub's OIDC issuer (authorization code flow with PKCE) in a real browser,
/// against a real issuer on loopback (<see cref="OidcHubFixture"/>); and the callback's refusals over HTTP.
/// </summary>
public sealed class OidcSignInTests : IClassFixture<OidcHubFixture>, IAsyncLifetime
{
    private static readonly string ScreenshotDirectory = Path.GetFullPath(Path.Join(AppContext.BaseDirectory, "..", "..", "..", "TestResults", "screenshots"));

    private readonly OidcHubFixture _fixture;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public OidcSignInTests(OidcHubFixture fixture) => _fixture = fixture;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        _playwright = await Playwright.CreateAsync();
        _browser = await Chromium.LaunchAsync(_playwright);
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }

    [Fact]
    public async Task SignInThroughTheIssuer_ShowsWhatTheTokensGroupsAllow_AndSignOutEndsIt()
    {
        await using var context = await _browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = _fixture.Hub.Url.ToString() });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);

        await page.GotoAsync("/ui/datasets/maxmind/");
        Assert.Contains("/ui/login?return=", page.Url, StringComparison.Ordinal);
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in with OpenID Connect" }).ClickAsync();

        // At the issuer: its login form, then its consent page; gina is in data-team by the token's claim.
        Assert.StartsWith(_fixture.Issuer.Url, page.Url, StringComparison.Ordinal);
        await page.Locator("input[name=login]").FillAsync("gina");
        await page.Locator("input[name=password]").FillAsync("any password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign-in", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue", Exact = true }).ClickAsync();

        await Assertions.Expect(page.Locator("main > h1")).ToHaveTextAsync("maxmind");
        Assert.EndsWith("/ui/datasets/maxmind/", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("#signed-in-as")).ToHaveTextAsync("gina");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Join(ScreenshotDirectory, "11-oidc-signed-in.png"), FullPage = true });
        var cookies = await context.CookiesAsync();
        Assert.True(cookies.Single(c => c.Name == SessionCookie.Name).HttpOnly);
        Assert.DoesNotContain(cookies, c => c.Name == "aetherfs_oidc");
        Assert.Contains("audit login principal=gina", _fixture.Hub.Output, StringComparison.Ordinal);

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sign in" })).ToBeVisibleAsync();
        Assert.DoesNotContain(await context.CookiesAsync(), c => c.Name == SessionCookie.Name);
    }

    [Fact]
    public async Task Callback_ThatDidNotBeginInThisBrowser_OrThatTheIssuerRefused_StartsNoSession()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = _fixture.Hub.Url };
        using var start = await http.GetAsync(new Uri("/ui/login/oidc?return=%2Fui%2F", UriKind.Relative));
        Assert.Equal(HttpStatusCode.SeeOther, start.StatusCode);
        var location = start.Headers.Location!;
        Assert.StartsWith(_fixture.Issuer.Url + "/", location.ToString(), StringComparison.Ordinal);
        Assert.Contains("code_challenge_method=S256", location.Query, StringComparison.Ordinal);
        var state = System.Web.HttpUtility.ParseQueryString(location.Query)["state"]!;
        var cookie = start.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("aetherfs_oidc=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/ui/login/oidc", cookie, StringComparison.OrdinalIgnoreCase);
        var pair = cookie.Split(';')[0];

        // Without the browser's cookie (a login CSRF: someone else's code), with a state of another sign-in, and
        // with the issuer's refusal: no session in each case.
        foreach (var (query, sendCookie, status) in new[]
        {
            ($"code=stolen&state={state}", false, HttpStatusCode.BadRequest),
            ("code=stolen&state=another", true, HttpStatusCode.BadRequest),
            ($"error=access_denied&state={state}", true, HttpStatusCode.Unauthorized),
            ($"code=made-up&state={state}", true, HttpStatusCode.Unauthorized),
        })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/ui/login/oidc/callback?" + query);
            if (sendCookie)
            {
                request.Headers.Add("Cookie", pair);
            }

            using var response = await http.SendAsync(request);
            Assert.Equal(status, response.StatusCode);
            Assert.DoesNotContain(response.Headers.TryGetValues("Set-Cookie", out var set) ? set : [], c => c.StartsWith(SessionCookie.Name + "=", StringComparison.Ordinal) && !c.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public async Task HubWithoutAnOidcClient_OffersNoOidcSignIn()
    {
        using var config = new TempDirectory();
        var path = config.Combine("auth.yaml");
        await File.WriteAllTextAsync(path, AuthHubFixture.Config);
        await using var hub = await HubHost.StartAsync(options: ["--auth-config", path]);
        using var http = new HttpClient { BaseAddress = hub.Url };

        using var start = await http.GetAsync(new Uri("/ui/login/oidc", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, start.StatusCode);
        Assert.DoesNotContain("OpenID Connect", await http.GetStringAsync(new Uri("/ui/login", UriKind.Relative)), StringComparison.Ordinal);
    }
}
