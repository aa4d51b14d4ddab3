using Microsoft.Playwright;

namespace AetherFS.IntegrationTests.Ui;

/// <summary>The web UI in a real browser (Debian's chromium through Playwright), against a live hub.</summary>
public sealed class WebUiTests : IClassFixture<BrowserFixture>
{
    private readonly BrowserFixture _fixture;

    public WebUiTests(BrowserFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task Browser_CallsTheGrpcApiThroughGrpcWeb()
    {
        var (page, _) = await _fixture.NewPageAsync();
        await page.GotoAsync("/healthz");

        // What a gRPC-Web client library sends: DatasetAPI.List with an empty request in one framed message; the
        // answer frames the response message, then the trailers (flag 0x80).
        var answer = await page.EvaluateAsync<GrpcWebAnswer>("""
            async () => {
              const response = await fetch('/aetherfs.dataset.v1.DatasetAPI/List', {
                method: 'POST',
                headers: { 'content-type': 'application/grpc-web+proto', 'x-grpc-web': '1' },
                body: new Uint8Array([0, 0, 0, 0, 0]),
              });
              const bytes = new Uint8Array(await response.arrayBuffer());
              let message = '', trailers = '';
              for (let i = 0; i < bytes.length;) {
                const length = (bytes[i + 1] << 24) | (bytes[i + 2] << 16) | (bytes[i + 3] << 8) | bytes[i + 4];
                const text = new TextDecoder().decode(bytes.slice(i + 5, i + 5 + length));
                if (bytes[i] & 0x80) { trailers += text; } else { message += text; }
                i += 5 + length;
              }
              return { status: response.status, contentType: response.headers.get('content-type'), message, trailers };
            }
            """);

        Assert.Equal(200, answer.Status);
        Assert.StartsWith("application/grpc-web", answer.ContentType, StringComparison.Ordinal);
        Assert.Contains(BrowserFixture.Dataset, answer.Message, StringComparison.Ordinal);
        Assert.Contains("grpc-status:0", answer.Trailers.Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Root_RedirectsToTheDatasetList()
    {
        var (page, _) = await _fixture.NewPageAsync();

        await page.GotoAsync("/");

        Assert.EndsWith("/ui/", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("main > h1")).ToHaveTextAsync("Datasets");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Readme_IsRenderedAndItsScriptNeverRuns()
    {
        var (page, _) = await _fixture.NewPageAsync();
        var violations = new List<string>();
        page.Console += (_, message) => violations.Add(message.Text);

        await page.GotoAsync($"/ui/datasets/{BrowserFixture.Dataset}/-/tree/v1/");
        var readme = page.Locator("#readme");
        await Assertions.Expect(readme.Locator("h1")).ToHaveTextAsync("GeoLite sample");
        await Assertions.Expect(readme.Locator("strong")).ToHaveTextAsync("updated monthly");
        await readme.GetByRole(AriaRole.Link, new() { Name = "click me" }).ClickAsync();
        await _fixture.ScreenshotAsync(page, "5-readme");

        Assert.Null(await page.EvaluateAsync<string?>("() => window.pwned ?? null"));
        // The markup is shown as text, not parsed: a reader sees what the README holds.
        await Assertions.Expect(readme).ToContainTextAsync("<script>window.pwned = 'script tag';</script>");
        Assert.Equal(0, await readme.Locator("script").CountAsync());
        Assert.Equal(0, await readme.Locator("img[onerror]").CountAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Compare_ShowsFilesAddedRemovedChangedAndBlocksShared()
    {
        var (page, _) = await _fixture.NewPageAsync();
        await page.GotoAsync($"/ui/datasets/{BrowserFixture.Dataset}/");
        await page.SelectOptionAsync("select[name=from]", "v1");
        await page.SelectOptionAsync("select[name=to]", "v2");

        await page.GetByRole(AriaRole.Button, new() { Name = "Compare" }).ClickAsync();
        await _fixture.ScreenshotAsync(page, "6-compare");

        await Assertions.Expect(page.Locator("#added")).ToContainTextAsync("data/regions.csv");
        await Assertions.Expect(page.Locator("#removed")).ToContainTextAsync("data/countries.csv");
        await Assertions.Expect(page.Locator("#changed")).ToContainTextAsync("docs/notes.txt");
        Assert.DoesNotContain("cities.csv", await page.Locator("#changed").InnerTextAsync(), StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("#blocks-shared")).Not.ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^0 of"));
        await Assertions.Expect(page.Locator("#bytes-new")).ToContainTextAsync("blocks");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task FilterBox_HidesDatasetsThatDoNotMatch()
    {
        var (page, _) = await _fixture.NewPageAsync();
        await page.GotoAsync("/ui/");

        await page.FillAsync("#filter", "other");

        await Assertions.Expect(page.Locator($"li[data-name='{BrowserFixture.Dataset}']")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("li[data-name='ui-test/other']")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Pages_LoadNothingFromOutsideTheHub()
    {
        var (page, requests) = await _fixture.NewPageAsync();

        await page.GotoAsync("/ui/");
        await page.GotoAsync($"/ui/datasets/{BrowserFixture.Dataset}/");
        await page.GotoAsync($"/ui/datasets/{BrowserFixture.Dataset}/-/tree/v1/");
        await page.GotoAsync($"/ui/datasets/{BrowserFixture.Dataset}/-/compare?from=v1&to=v2");

        Assert.NotEmpty(requests);
        Assert.All(requests, url => Assert.StartsWith(_fixture.Hub.Url.ToString(), url, StringComparison.Ordinal));
        Assert.Contains(requests, url => url.EndsWith("/ui/assets/site.css", StringComparison.Ordinal));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ApiLink_OpensSwaggerUiServedByTheHub()
    {
        var (page, requests) = await _fixture.NewPageAsync();
        await page.GotoAsync("/ui/");

        await page.GetByRole(AriaRole.Link, new() { Name = "API (Swagger)" }).ClickAsync();

        await Assertions.Expect(page.Locator(".swagger-ui .info .title")).ToContainTextAsync("AetherFS");
        await _fixture.ScreenshotAsync(page, "7-swagger");
        Assert.All(requests, url => Assert.StartsWith(_fixture.Hub.Url.ToString(), url, StringComparison.Ordinal));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task UnknownDataset_IsAFriendly404()
    {
        var (page, _) = await _fixture.NewPageAsync();

        var response = await page.GotoAsync("/ui/datasets/ui-test/absent/");

        Assert.Equal(404, response!.Status);
        await Assertions.Expect(page.Locator("main > h1")).ToHaveTextAsync("Not found");
        await page.Context.CloseAsync();
    }
}
