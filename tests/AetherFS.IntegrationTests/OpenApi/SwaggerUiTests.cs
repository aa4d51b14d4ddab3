using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace AetherFS.IntegrationTests.OpenApi;

/// <summary>Swagger UI at /swagger/: served whole by the hub (no CDN), pointed at the hub's document, and rendering it.</summary>
[Collection(OpenApiCollection.Name)]
public sealed partial class SwaggerUiTests
{
    private const string Chromium = HeadlessChromium.Executable;
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
        Assert.True(File.Exists(Chromium), $"{Chromium} is needed (apt-get install chromium; .ci/run installs it)");
        using var profile = new TempDirectory();
        var start = new ProcessStartInfo(Chromium)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList =
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", $"--user-data-dir={profile.Path}",
                "--virtual-time-budget=30000", "--dump-dom", new Uri(_fixture.Hub.Url, "/swagger/index.html").ToString(),
            },
        };

        using var chromium = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var stderr = chromium.StandardError.ReadToEndAsync(timeout.Token);
        var dom = await chromium.StandardOutput.ReadToEndAsync(timeout.Token);
        await chromium.WaitForExitAsync(timeout.Token);

        Assert.True(dom.Contains("opblock", StringComparison.Ordinal), "Swagger UI rendered no operation: " + await stderr);
        Assert.DoesNotContain("Failed to load API definition", dom, StringComparison.Ordinal);
        Assert.DoesNotContain("errors-wrapper", dom, StringComparison.Ordinal);
        foreach (var operation in _fixture.Document.Operations)
        {
            var tag = operation.Operation.GetProperty("tags")[0].GetString();
            Assert.True(dom.Contains($"id=\"operations-{tag}-{operation.OperationId}\"", StringComparison.Ordinal), $"{operation} is not on the page");
        }
    }

    [Fact]
    public async Task TryItOut_SendsTheSlashesOfADatasetNameLiterally()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var ct = timeout.Token;
        await using var browser = await HeadlessChromium.OpenAsync(new Uri(_fixture.Hub.Url, "/swagger/index.html"), ct);
        const string Operation = "#operations-Datasets-listTags";

        // As a user would: open the operation, "Try it out", type the name, "Execute".
        await ClickAsync(browser, $"{Operation} .opblock-summary-control", ct);
        await ClickAsync(browser, $"{Operation} .try-out__btn", ct);
        await browser.WaitUntilAsync($"document.querySelector('{Operation} tr[data-param-name=\"name\"] input')", ct);
        await browser.EvaluateAsync($$"""
            (() => {
                const input = document.querySelector('{{Operation}} tr[data-param-name="name"] input');
                Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(input, '{{ProbeDataset.Name}}');
                input.dispatchEvent(new Event('input', { bubbles: true }));
            })()
            """, ct);
        // Swagger UI debounces its inputs (300 ms) before the value reaches its state.
        await Task.Delay(TimeSpan.FromSeconds(1), ct);
        await ClickAsync(browser, $"{Operation} .execute", ct);
        await browser.WaitUntilAsync($"document.querySelector('{Operation} .live-responses-table tbody .response-col_status')", ct);

        var url = (await browser.EvaluateAsync($"document.querySelector('{Operation} .request-url pre').textContent", ct)).GetString();
        var status = (await browser.EvaluateAsync($"document.querySelector('{Operation} .live-responses-table tbody .response-col_status').textContent", ct)).GetString();
        Assert.Equal(new Uri(_fixture.Hub.Url, $"/api/v1/datasets/{ProbeDataset.Name}/-/tags").ToString(), url);
        Assert.Equal("200", status?.Trim());
    }

    private static async Task ClickAsync(HeadlessChromium browser, string selector, CancellationToken cancellationToken)
    {
        await browser.WaitUntilAsync($"document.querySelector('{selector}')", cancellationToken);
        await browser.EvaluateAsync($"document.querySelector('{selector}').click()", cancellationToken);
    }

    // The src and href attributes of the page: scripts, stylesheets, icons.
    [GeneratedRegex("\\b(?:src|href)=\"(?<url>[^\"]+)\"")]
    private static partial Regex AssetReference();
}
