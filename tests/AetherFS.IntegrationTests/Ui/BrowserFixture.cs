using AetherFS.IntegrationTests.Infrastructure;
using AetherFS.Testing;
using Microsoft.Playwright;

namespace AetherFS.IntegrationTests.Ui;

/// <summary>
/// A hub with two versions of a dataset (one README carrying script that must not run), and Debian's chromium
/// driven by Playwright. Screenshots go to tests/AetherFS.IntegrationTests/TestResults/screenshots.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string Dataset = "ui-test/geo";

    /// <summary>A README that tries every way to run script: a tag, an event handler, a javascript: link.</summary>
    public const string HostileReadme = """
        # GeoLite sample

        Cities and countries, **updated monthly**. See [the notes](docs/notes.txt).

        <script>window.pwned = 'script tag';</script>

        <img src="x" onerror="window.pwned = 'onerror'">

        [click me](javascript:window.pwned='link')
        """;

    private readonly TempDirectory _work = new();
    private IPlaywright? _playwright;

    public HubHost Hub { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public string ScreenshotDirectory { get; } = Path.GetFullPath(Path.Join(AppContext.BaseDirectory, "..", "..", "..", "TestResults", "screenshots"));

    public async Task InitializeAsync()
    {
        Hub = await HubHost.StartAsync();
        var v1 = _work.Combine("v1");
        TreeBuilder.WriteFile(v1, "README.md", System.Text.Encoding.UTF8.GetBytes(HostileReadme));
        TreeBuilder.WriteFile(v1, "docs/notes.txt", "first notes\n"u8.ToArray());
        TreeBuilder.WriteFile(v1, "data/cities.csv", TreeBuilder.RandomBytes(200_000, seed: 1));
        TreeBuilder.WriteFile(v1, "data/countries.csv", TreeBuilder.RandomBytes(50_000, seed: 2));
        var v2 = _work.Combine("v2");
        TreeBuilder.WriteFile(v2, "README.md", System.Text.Encoding.UTF8.GetBytes(HostileReadme));
        TreeBuilder.WriteFile(v2, "docs/notes.txt", "second notes, longer\n"u8.ToArray());
        TreeBuilder.WriteFile(v2, "data/cities.csv", TreeBuilder.RandomBytes(200_000, seed: 1));
        TreeBuilder.WriteFile(v2, "data/regions.csv", TreeBuilder.RandomBytes(30_000, seed: 3));
        (await Infrastructure.Cli.RunAsync(Hub.Environment(), "push", v1, "-t", $"{Dataset}:v1")).AssertSuccess();
        (await Infrastructure.Cli.RunAsync(Hub.Environment(), "push", v2, "-t", $"{Dataset}:v2")).AssertSuccess();
        (await Infrastructure.Cli.RunAsync(Hub.Environment(), "push", v1, "-t", "ui-test/other:v1")).AssertSuccess();

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
        if (Hub is not null)
        {
            await Hub.DisposeAsync();
        }

        _work.Dispose();
    }

    /// <summary>A fresh page that records every URL it requests, so tests can check nothing leaves the hub.</summary>
    public async Task<(IPage Page, List<string> Requests)> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Hub.Url.ToString(), ViewportSize = new ViewportSize { Width = 1200, Height = 900 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        var requests = new List<string>();
        page.Request += (_, request) => requests.Add(request.Url);
        return (page, requests);
    }

    public Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Join(ScreenshotDirectory, name + ".png"), FullPage = true });
}
