using System.Net;
using System.Text.RegularExpressions;
using AetherFS.IntegrationTests.Infrastructure;
using Microsoft.Playwright;

namespace AetherFS.IntegrationTests.OpenApi;

/// <summary>Swagger UI at /swagger/: served whole by the hub (no CDN), pointed at the hub's document, and rendering it.</summary>
[Collection(OpenApiCollection.Name)]
public sealed partial class SwaggerUiTests
{
    private readonly OpenApiHubFixture _fixture;

    public SwaggerUiTests(OpenApiHubFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task SwaggerUi_ServesEveryAssetItsPageReferencesFromTheHub()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var page = await _fixture.Http.GetAsync(new Uri("/swagger/", UriKind.Relative), timeout.Token);
        var html = await page.Content.ReadAsStringAsync(timeout.Token);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(new Uri(_fixture.Hub.Url, "/swagger/index.html"), page.RequestMessage!.RequestUri);
        var assets = AssetReference().Matches(html).Select(m => m.Groups["url"].Value).ToList();
        Assert.Contains(assets, a => a.EndsWith("swagger-ui-bundle.js", StringComparison.Ordinal));
        Assert.Contains(assets, a => a.EndsWith("swagger-ui.css", StringComparison.Ordinal));
        foreach (var asset in assets)
        {
            Assert.False(asset.Contains("//", StringComparison.Ordinal), $"{asset} is not served by the hub");
            using var response = await _fixture.Http.GetAsync(new Uri(page.RequestMessage.RequestUri!, asset), timeout.Token);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{asset}: {response.StatusCode}");
            Assert.NotEmpty(await response.Content.ReadAsByteArrayAsync(timeout.Token));
        }
    }

    [Fact]
    public async Task SwaggerUi_LoadsTheHubsDocumentWithoutAnOutsideValidator()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var script = await _fixture.Http.GetStringAsync(new Uri("/swagger/index.js", UriKind.Relative), timeout.Token);

        Assert.Contains("\"url\":\"/openapi/v1.json\"", script, StringComparison.Ordinal);
        Assert.DoesNotContain("\"validatorUrl\":\"http", script, StringComparison.Ordinal);
        Assert.Contains("RequestInterceptorFunction", script, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SwaggerUi_RendersEveryDocumentedOperationInABrowser()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        page.SetDefaultTimeout(30_000);

        await page.GotoAsync(new Uri(_fixture.Hub.Url, "/swagger/index.html").ToString());
        await page.Locator(".opblock").First.WaitForAsync();

        Assert.Equal(0, await page.Locator(".errors-wrapper").CountAsync());
        foreach (var operation in _fixture.Document.Operations)
        {
            var tag = operation.Operation.GetProperty("tags")[0].GetString();
            Assert.True(await page.Locator($"#operations-{tag}-{operation.OperationId}").CountAsync() == 1, $"{operation} is not on the page");
        }
    }

    [Fact]
    public async Task TryItOut_SendsTheSlashesOfADatasetNameLiterally()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        await page.GotoAsync(new Uri(_fixture.Hub.Url, "/swagger/index.html").ToString());
        var operation = page.Locator("#operations-Datasets-listTags");

        // As a user would: open the operation, "Try it out", type the name, "Execute".
        await operation.Locator(".opblock-summary-control").ClickAsync();
        await operation.Locator(".try-out__btn").ClickAsync();
        await operation.Locator("tr[data-param-name=\"name\"] input").FillAsync(ProbeDataset.Name);
        await operation.Locator(".execute").ClickAsync();
        var status = operation.Locator(".live-responses-table tbody .response-col_status");
        await status.WaitForAsync();

        Assert.Equal(new Uri(_fixture.Hub.Url, $"/api/v1/datasets/{ProbeDataset.Name}/-/tags").ToString(), await operation.Locator(".request-url pre").TextContentAsync());
        Assert.Equal("200", (await status.TextContentAsync())?.Trim());
    }

    // The src and href attributes of the page: scripts, stylesheets, icons.
    [GeneratedRegex("\\b(?:src|href)=\"(?<url>[^\"]+)\"")]
    private static partial Regex AssetReference();
}
