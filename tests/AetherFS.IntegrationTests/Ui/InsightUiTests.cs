using System.Text;
using AetherFS.IntegrationTests.Infrastructure;
using Microsoft.Playwright;

namespace AetherFS.IntegrationTests.Ui;

/// <summary>What a producer sees in the browser about versions: the dataset's history chart and the compare page's line diff.</summary>
public sealed class InsightUiTests : IClassFixture<BrowserFixture>, IDisposable
{
    private readonly BrowserFixture _fixture;
    private readonly TempDirectory _temp = new();

    public InsightUiTests(BrowserFixture fixture) => _fixture = fixture;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Compare_ShowsTheChangedLinesOfATextFile_BesideTheFileList()
    {
        const string dataset = "ui-insight/lines";
        await PushAsync(dataset, "v1", notes: Notes(line50: "line 50: the quick brown fox"));
        await PushAsync(dataset, "v2", notes: Notes(line50: "line 50: CHANGED"));
        var (page, _) = await _fixture.NewPageAsync();
        await page.GotoAsync($"/ui/datasets/{dataset}/-/compare?from=v1&to=v2");

        await page.Locator("#changed tr", new() { HasText = "notes.txt" }).GetByRole(AriaRole.Link, new() { Name = "lines" }).ClickAsync();
        await _fixture.ScreenshotAsync(page, "insight-line-diff");

        var diff = page.Locator("#line-diff");
        await Assertions.Expect(diff.Locator("h2")).ToHaveTextAsync("notes.txt");
        await Assertions.Expect(diff.Locator("tr.hunk")).ToHaveTextAsync("@@ -47,7 +47,7 @@");
        await Assertions.Expect(diff.Locator("tr.del td.code")).ToHaveTextAsync("-line 50: the quick brown fox");
        await Assertions.Expect(diff.Locator("tr.ins td.code")).ToHaveTextAsync("+line 50: CHANGED");
        Assert.Equal(6, await diff.Locator("tr.ctx").CountAsync());
        // Beside the list: the diff's left edge is right of the file list's.
        var list = await page.Locator("section.files").BoundingBoxAsync();
        var pane = await diff.BoundingBoxAsync();
        Assert.True(pane!.X > list!.X + list.Width - 1, $"diff at x={pane.X}, list ends at {list.X + list.Width}");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task LineDiff_ShowsHostileMarkupAsText_AndRunsNoScript()
    {
        const string dataset = "ui-insight/hostile";
        await PushAsync(dataset, "v1", hostile: "<p>safe</p>\n");
        await PushAsync(dataset, "v2", hostile: "<p>safe</p>\n<script>window.pwned = 'diff';</script>\n<img src=x onerror=\"window.pwned = 'img'\">\n");
        var (page, _) = await _fixture.NewPageAsync();

        await page.GotoAsync($"/ui/datasets/{dataset}/-/compare?from=v1&to=v2&file=page.html");
        await _fixture.ScreenshotAsync(page, "insight-line-diff-hostile");

        var inserted = page.Locator("#line-diff tr.ins td.code");
        await Assertions.Expect(inserted.First).ToHaveTextAsync("+<script>window.pwned = 'diff';</script>");
        await Assertions.Expect(inserted.Nth(1)).ToHaveTextAsync("+<img src=x onerror=\"window.pwned = 'img'\">");
        Assert.Equal(0, await page.Locator("#line-diff script, #line-diff img").CountAsync());
        Assert.Null(await page.EvaluateAsync<string?>("() => window.pwned ?? null"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task LineDiff_OfABinaryFile_SaysBinaryOrTooLarge()
    {
        const string dataset = "ui-insight/binary";
        await PushAsync(dataset, "v1", binarySeed: 1);
        await PushAsync(dataset, "v2", binarySeed: 2);
        var (page, _) = await _fixture.NewPageAsync();

        await page.GotoAsync($"/ui/datasets/{dataset}/-/compare?from=v1&to=v2&file=blob.bin");

        await Assertions.Expect(page.Locator("#line-diff-note")).ToContainTextAsync("Binary or too large");
        Assert.Equal(0, await page.Locator("#line-diff table").CountAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task DatasetPage_ChartsSizeAndNewBytesPerVersion_WithTheNumbersInATable()
    {
        const string dataset = "ui-insight/history";
        var source = _temp.Combine("history");
        TreeBuilder.WriteFile(source, "base.bin", TreeBuilder.RandomBytes(400_000, 11));
        (await Infrastructure.Cli.RunAsync(_fixture.Hub.Environment(), "push", source, "-t", $"{dataset}:v1")).AssertSuccess();
        TreeBuilder.WriteFile(source, "more.bin", TreeBuilder.RandomBytes(200_000, 12));
        (await Infrastructure.Cli.RunAsync(_fixture.Hub.Environment(), "push", source, "-t", $"{dataset}:v2", "-t", $"{dataset}:latest")).AssertSuccess();
        TreeBuilder.WriteFile(source, "notes.txt", "a few notes\n"u8.ToArray());
        (await Infrastructure.Cli.RunAsync(_fixture.Hub.Environment(), "push", source, "-t", $"{dataset}:v3")).AssertSuccess();
        var (page, _) = await _fixture.NewPageAsync();

        await page.GotoAsync($"/ui/datasets/{dataset}/");
        await page.Locator("#history").ScrollIntoViewIfNeededAsync();
        await _fixture.ScreenshotAsync(page, "insight-history");

        // Three versions, oldest first, each a size bar and a new-bytes bar; the table has the same numbers.
        var chart = page.Locator("#history svg.history-chart");
        await Assertions.Expect(chart.Locator("rect.size title")).ToHaveCountAsync(3); // the legend's box has no title
        var rows = page.Locator("#history-table tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(3);
        await Assertions.Expect(rows.Nth(0).Locator("td").First).ToHaveTextAsync("v1");
        await Assertions.Expect(rows.Nth(1).Locator("td").First).ToHaveTextAsync("v2, latest");
        await Assertions.Expect(rows.Nth(1).Locator("td").Nth(4)).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^19[0-9]\\.[0-9] KiB$"));
        await Assertions.Expect(rows.Nth(0).Locator("td").Nth(3)).ToHaveTextAsync("390.6 KiB");
        var sizes = await chart.Locator("rect.size").EvaluateAllAsync<double[]>("bars => bars.filter(b => b.querySelector('title')).map(b => b.getBBox().height)");
        var added = await chart.Locator("rect.new").EvaluateAllAsync<double[]>("bars => bars.filter(b => b.querySelector('title')).map(b => b.getBBox().height)");
        Assert.True(sizes[0] < sizes[1] && sizes[1] <= sizes[2], string.Join(", ", sizes));
        Assert.True(added[1] < sizes[1] && added[2] < added[1], string.Join(", ", added));
        await Assertions.Expect(chart.Locator("rect.new title").Nth(1)).ToContainTextAsync("v2, latest: ");
        await page.Context.CloseAsync();
    }

    private static string Notes(string line50) =>
        string.Concat(Enumerable.Range(1, 200).Select(i => (i == 50 ? line50 : $"line {i}: the quick brown fox") + "\n"));

    private async Task PushAsync(string dataset, string tag, string notes = "notes\n", string hostile = "<p>safe</p>\n", int binarySeed = 1)
    {
        var source = _temp.Combine($"{dataset.Replace('/', '-')}-{tag}");
        TreeBuilder.WriteFile(source, "notes.txt", Encoding.UTF8.GetBytes(notes));
        TreeBuilder.WriteFile(source, "page.html", Encoding.UTF8.GetBytes(hostile));
        TreeBuilder.WriteFile(source, "blob.bin", TreeBuilder.RandomBytes(100_000, binarySeed));
        (await Infrastructure.Cli.RunAsync(_fixture.Hub.Environment(), "push", source, "-t", $"{dataset}:{tag}")).AssertSuccess();
    }
}
