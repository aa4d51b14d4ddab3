using AetherFS.Hub.Security.Sessions;
using AetherFS.IntegrationTests.Security;
using Microsoft.Playwright;

namespace AetherFS.IntegrationTests.Ui;

/// <summary>The web UI's sign-in in a real browser (Debian's chromium through Playwright) against a hub with --auth-config.</summary>
public sealed class SignInTests : IClassFixture<SignInBrowserFixture>
{
    private readonly SignInBrowserFixture _fixture;

    public SignInTests(SignInBrowserFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task SignIn_ShowsAPrivateDataset_AndSignOutClosesItAgain()
    {
        var page = await _fixture.NewPageAsync();

        await page.GotoAsync("/ui/datasets/maxmind/");
        Assert.Contains("/ui/login?return=%2Fui%2Fdatasets%2Fmaxmind%2F", page.Url, StringComparison.Ordinal);
        await page.FillAsync("#user", "bob");
        await page.FillAsync("#password", AuthHubFixture.Password);
        await _fixture.ScreenshotAsync(page, "8-sign-in");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Assertions.Expect(page.Locator("main > h1")).ToHaveTextAsync("maxmind");
        await _fixture.ScreenshotAsync(page, "9-signed-in");
        Assert.EndsWith("/ui/datasets/maxmind/", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("#signed-in-as")).ToHaveTextAsync("bob");
        var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == SessionCookie.Name);
        Assert.True(cookie.HttpOnly);
        Assert.Null(await page.EvaluateAsync<string?>("() => document.cookie || null"));
        await page.GotoAsync("/ui/");
        await Assertions.Expect(page.Locator("li[data-name='maxmind']")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("li[data-name='maxmind']")).ToHaveCountAsync(0);
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == SessionCookie.Name);
        var again = await page.APIRequest.GetAsync("/ui/datasets/maxmind/", new() { MaxRedirects = 0, Headers = new Dictionary<string, string> { ["Accept"] = "text/html" } });
        Assert.Equal(303, again.Status);
        Assert.StartsWith("/ui/login?return=", again.Headers["location"], StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task WrongPassword_ShowsTheFormAgainWithOneMessage()
    {
        var page = await _fixture.NewPageAsync();
        await page.GotoAsync("/ui/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in" }).ClickAsync();

        await page.FillAsync("#user", "carol");
        await page.FillAsync("#password", "not her password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Assertions.Expect(page.Locator("#sign-in-message")).ToHaveTextAsync("Wrong user name or password.");
        await _fixture.ScreenshotAsync(page, "10-wrong-password");
        await Assertions.Expect(page.Locator("[role=alert]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#user")).ToHaveValueAsync("carol");
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == SessionCookie.Name);

        // The form still knows where to go: the page the "Sign in" link was on.
        await page.FillAsync("#password", AuthHubFixture.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.Locator("#signed-in-as")).ToHaveTextAsync("carol");
        Assert.EndsWith("/ui/", page.Url, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("//evil.example/")]
    [InlineData("/%5Cevil.example/")]
    [InlineData("https://evil.example/")]
    public async Task SignIn_WithAForeignReturnAddress_StaysOnTheHub(string target)
    {
        var page = await _fixture.NewPageAsync();
        await page.GotoAsync("/ui/login?return=" + Uri.EscapeDataString(Uri.UnescapeDataString(target)));

        await page.FillAsync("#user", "erin");
        await page.FillAsync("#password", AuthHubFixture.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Assertions.Expect(page.Locator("#signed-in-as")).ToHaveTextAsync("erin");
        Assert.Equal(_fixture.Hub.Url + "ui/", page.Url);
        await page.Context.CloseAsync();
    }
}
