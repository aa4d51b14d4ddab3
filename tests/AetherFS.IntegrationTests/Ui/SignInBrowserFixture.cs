using AetherFS.IntegrationTests.Infrastructure;
using AetherFS.IntegrationTests.Security;
using Microsoft.Playwright;

namespace AetherFS.IntegrationTests.Ui;

/// <summary>The hub of <see cref="AuthHubFixture"/> (public, bob's and admin-only datasets) and Debian's chromium.</summary>
public sealed class SignInBrowserFixture : IAsyncLifetime
{
    private readonly AuthHubFixture _hub = new();
    private IPlaywright? _playwright;

    public HubHost Hub => _hub.Hub;

    public IBrowser Browser { get; private set; } = null!;

    public string ScreenshotDirectory { get; } = Path.GetFullPath(Path.Join(AppContext.BaseDirectory, "..", "..", "..", "TestResults", "screenshots"));

    public async Task InitializeAsync()
    {
        await _hub.InitializeAsync();
        Directory.CreateDirectory(ScreenshotDirectory);
        _playwright = await Playwright.CreateAsync();
        Browser = await Chromium.LaunchAsync(_playwright);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await _hub.DisposeAsync();
    }

    /// <summary>A fresh page in its own browser context (its own cookies).</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Hub.Url.ToString(), ViewportSize = new ViewportSize { Width = 1200, Height = 700 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        return page;
    }

    public Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Join(ScreenshotDirectory, name + ".png"), FullPage = true });
}
