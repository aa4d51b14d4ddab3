using AetherFS.Hub.Usage;
using AetherFS.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace AetherFS.IntegrationTests.Ui;

/// <summary>The dataset page's usage section: pulls per tag as an SVG chart the hub draws, and the stale tags.</summary>
public sealed class UsageSectionTests : IClassFixture<BrowserFixture>
{
    private readonly BrowserFixture _fixture;

    public UsageSectionTests(BrowserFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task DatasetPage_ChartsPullsPerTag_AndListsStaleTags_WithoutScriptOrOtherHosts()
    {
        using var temp = new TempDirectory();
        for (var i = 0; i < 2; i++)
        {
            (await Infrastructure.Cli.RunAsync(_fixture.Hub.Environment(), "pull", $"{BrowserFixture.Dataset}:v2", temp.Combine("pulled-" + i))).AssertSuccess();
        }

        await _fixture.Hub.Services.GetRequiredService<UsageFlusher>().FlushAsync(CancellationToken.None);
        var context = await _fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _fixture.Hub.Url.ToString(), JavaScriptEnabled = false, ViewportSize = new ViewportSize { Width = 1200, Height = 900 } });
        var page = await context.NewPageAsync();
        var requests = new List<string>();
        page.Request += (_, request) => requests.Add(request.Url);

        await page.GotoAsync($"/ui/datasets/{BrowserFixture.Dataset}/");
        var usage = page.Locator("section.usage");
        await usage.ScrollIntoViewIfNeededAsync();
        await _fixture.ScreenshotAsync(page, "8-usage");

        await Assertions.Expect(usage.Locator("h2")).ToHaveTextAsync("Usage");
        await Assertions.Expect(usage).ToContainTextAsync("2 pulls by 1 clients");
        var bar = usage.Locator("svg.usage-chart rect");
        await Assertions.Expect(bar).ToHaveCountAsync(1);
        await Assertions.Expect(bar.Locator("title")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d{4}-\d\d-\d\d v2: 2 pulls$"));
        Assert.True(await bar.BoundingBoxAsync() is { Height: > 100 }, "the day's bar fills the chart's height");
        await Assertions.Expect(usage.Locator("ul.legend")).ToContainTextAsync("v2");
        await Assertions.Expect(usage.Locator("ul.stale-tags li")).ToHaveTextAsync(["v1"]);
        Assert.All(requests, url => Assert.StartsWith(_fixture.Hub.Url.ToString(), url, StringComparison.Ordinal));
        await context.CloseAsync();
    }
}
