using AetherFS.Storage.Datasets;

namespace AetherFS.Hub.Ui;

/// <summary>The front page: every dataset, with a filter box (live in the browser, and as ?q= without script).</summary>
internal static class DatasetsPage
{
    private const int Shown = 1000;

    public static async Task<string> RenderAsync(UiAccount account, DatasetStore datasets, Func<string, bool> visible, string? filter, string? after, CancellationToken cancellationToken)
    {
        // Filtered after reading: a page may show fewer than it could; its next link still moves on.
        var names = (await datasets.ListDatasetsAsync(after, Shown + 1, cancellationToken)).Where(visible).ToList();
        var shown = names.Take(Shown).Where(n => string.IsNullOrEmpty(filter) || n.Contains(filter, StringComparison.OrdinalIgnoreCase)).ToList();
        var body = new HtmlWriter()
            .Element("h1", "Datasets")
            .Open("form", ("method", "get"), ("action", UiPaths.Root), ("class", "filter"))
            .Open("input", ("type", "search"), ("name", "q"), ("value", filter), ("placeholder", "Filter datasets"), ("id", "filter"), ("aria-label", "Filter datasets"), ("autofocus", "autofocus"))
            .Raw("</form>");
        if (names.Count == 0)
        {
            return UiLayout.Page(account, "Datasets", [("Datasets", null)], body.Element("p", "No datasets yet. Push one with: aetherfs push DIR -t NAME:TAG", ("class", "empty")));
        }

        body.Open("ul", ("class", "datasets"), ("id", "datasets"));
        foreach (var name in shown)
        {
            body.Open("li", ("data-name", name)).Link(UiPaths.Dataset(name), name).Raw("</li>");
        }

        body.Raw("</ul>");
        if (shown.Count == 0)
        {
            body.Element("p", $"No dataset matches '{filter}'.", ("class", "empty"));
        }

        if (names.Count > Shown)
        {
            body.Open("p").Link($"{UiPaths.Root}?after={Uri.EscapeDataString(names[Shown - 1])}", "Next page").Raw("</p>");
        }

        return UiLayout.Page(account, "Datasets", [("Datasets", null)], body);
    }
}
