using Microsoft.Playwright;

namespace AetherFS.IntegrationTests.Ui;

/// <summary>Following the UI's links down to a file, served by the hub's file server.</summary>
public sealed class WebUiDownloadTests : IClassFixture<BrowserFixture>
{
    private readonly BrowserFixture _fixture;

    public WebUiDownloadTests(BrowserFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task User_NavigatesFromDatasetToTagToFile()
    {
        var (page, _) = await _fixture.NewPageAsync();
        await page.GotoAsync("/ui/");
        await _fixture.ScreenshotAsync(page, "1-datasets");

        await page.GetByRole(AriaRole.Link, new() { Name = BrowserFixture.Dataset, Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("table.tags")).ToContainTextAsync("v2");
        await _fixture.ScreenshotAsync(page, "2-dataset-tags");

        await page.GetByRole(AriaRole.Link, new() { Name = "v1", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("main > h1")).ToContainTextAsync(":v1");
        await _fixture.ScreenshotAsync(page, "3-tag-tree");

        await page.GetByRole(AriaRole.Link, new() { Name = "docs/", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("table.tree")).ToContainTextAsync("notes.txt");
        await _fixture.ScreenshotAsync(page, "4-directory");

        var download = page.GetByRole(AriaRole.Link, new() { Name = "notes.txt", Exact = true });
        var href = await download.GetAttributeAsync("href");
        var file = await page.APIRequest.GetAsync(href!);
        Assert.Equal(200, file.Status);
        Assert.Equal("first notes\n", await file.TextAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ReadmeLink_OpensTheFileOfTheSameVersion()
    {
        var (page, _) = await _fixture.NewPageAsync();
        await page.GotoAsync($"/ui/datasets/{BrowserFixture.Dataset}/-/tree/v2/");

        var href = await page.Locator("#readme").GetByRole(AriaRole.Link, new() { Name = "the notes" }).GetAttributeAsync("href");
        var file = await page.APIRequest.GetAsync(href!);

        Assert.Equal("second notes, longer\n", await file.TextAsync());
        await page.Context.CloseAsync();
    }
}
