using AetherFS.Core.Manifests;
using AetherFS.Serving.Versions;
using AetherFS.Hub.Datasets;
using AetherFS.Storage.Datasets;

namespace AetherFS.Hub.Ui;

/// <summary>One dataset: its tags with digest, publish time and size, a form to compare two of them, and its history.</summary>
internal static class DatasetPage
{
    public static async Task<string?> RenderAsync(UiAccount account, string name, DatasetStore datasets, ManifestCache manifests, Application.TransferCalculator transfers, Protocol.Rest.DatasetStatsResponse? usage, CancellationToken cancellationToken)
    {
        var tags = new List<(string Tag, Core.Datasets.TagRecord Record, ManifestIndex? Version)>();
        await foreach (var (tag, record) in datasets.ListTagsAsync(name, cancellationToken))
        {
            tags.Add((tag, record, await manifests.GetAsync(record.Digest, cancellationToken)));
        }

        if (tags.Count == 0)
        {
            return null;
        }

        var body = new HtmlWriter().Element("h1", name)
            .Raw("<table class=\"tags\"><thead><tr><th>Tag</th><th>Digest</th><th>Published</th><th>By</th><th class=\"num\">Files</th><th class=\"num\">Size</th></tr></thead><tbody>");
        foreach (var (tag, record, version) in tags.OrderByDescending(t => t.Record.PublishedAt))
        {
            body.Raw("<tr><td>").Link(UiPaths.Tree(name, tag, string.Empty), tag).Raw("</td><td>")
                .Element("code", Formatting.ShortDigest(record.Digest), ("title", record.Digest))
                .Raw("</td><td>").Text(Formatting.Time(record.PublishedAt))
                .Raw("</td><td>").Text(record.Publisher)
                .Raw("</td><td class=\"num\">").Text(version is null ? "?" : Formatting.Count(version.Manifest.FileCount))
                .Raw("</td><td class=\"num\">").Text(version is null ? "?" : Formatting.Size(version.Manifest.TotalSize))
                .Raw("</td></tr>");
        }

        body.Raw("</tbody></table>");
        if (tags.Count > 1)
        {
            var ordered = tags.OrderByDescending(t => t.Record.PublishedAt).Select(t => t.Tag).ToList();
            body.Element("h2", "Compare two tags")
                .Open("form", ("method", "get"), ("action", $"{UiPaths.Dataset(name)}-/compare"), ("class", "compare"));
            Select(body, "from", ordered, ordered[1]);
            body.Raw(" → ");
            Select(body, "to", ordered, ordered[0]);
            body.Raw(" <button type=\"submit\">Compare</button></form>");
        }

        HistoryChart.Write(body, await VersionHistory.BuildAsync(tags, transfers, cancellationToken));
        if (usage is not null)
        {
            UsageSection.Write(body, usage);
        }

        return UiLayout.Page(account, name, [("Datasets", UiPaths.Root), (name, null)], body);
    }

    private static void Select(HtmlWriter body, string field, IReadOnlyList<string> tags, string selected)
    {
        body.Open("select", ("name", field), ("aria-label", field));
        foreach (var tag in tags)
        {
            body.Element("option", tag, ("value", tag), ("selected", tag == selected ? "selected" : null));
        }

        body.Raw("</select>");
    }
}
