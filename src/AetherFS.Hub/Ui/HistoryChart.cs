using System.Globalization;

namespace AetherFS.Hub.Ui;

/// <summary>
/// The dataset page's history: an inline SVG bar chart of each version's size with the bytes it added drawn over it,
/// rendered here (no script, no outside assets), and the same numbers as a table.
/// </summary>
internal static class HistoryChart
{
    private const int Width = 720;
    private const int Height = 240;
    private const int Left = 72;
    private const int Right = 12;
    private const int Top = 16;
    private const int Bottom = 40;

    public static void Write(HtmlWriter body, IReadOnlyList<VersionPoint> points)
    {
        if (points.Count == 0)
        {
            return;
        }

        body.Raw("<section class=\"history\" id=\"history\">").Element("h2", "History");
        body.Element("p", $"Each version's size, and the bytes it added to the one before it (new blocks, raw), in the order they were published; the last {VersionHistory.MaxVersions} versions at most.", ("class", "note"));
        WriteChart(body, points);
        WriteTable(body, points);
        body.Raw("</section>");
    }

    private static void WriteChart(HtmlWriter body, IReadOnlyList<VersionPoint> points)
    {
        var max = Math.Max(1, points.Max(p => Math.Max(p.Size, p.NewBytes)));
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        var slot = (double)plotWidth / points.Count;
        var bar = Math.Max(2, Math.Min(48, slot * 0.6));
        body.Open(
            "svg",
            ("class", "history-chart"),
            ("xmlns", "http://www.w3.org/2000/svg"),
            ("viewBox", $"0 0 {Width} {Height}"),
            ("role", "img"),
            ("aria-label", "Size and new bytes per version"));

        foreach (var fraction in new[] { 0.0, 0.5, 1.0 })
        {
            var y = Top + plotHeight * (1 - fraction);
            body.Raw($"<line class=\"grid\" x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{N(y)}\" y2=\"{N(y)}\"></line>")
                .Open("text", ("class", "axis"), ("x", N(Left - 6)), ("y", N(y + 4)), ("text-anchor", "end"))
                .Text(Formatting.Size((long)(max * fraction))).Raw("</text>");
        }

        for (var i = 0; i < points.Count; i++)
        {
            var point = points[i];
            var x = Left + (slot * i) + ((slot - bar) / 2);
            var label = string.Join(", ", point.Tags);
            WriteBar(body, "size", x, bar, point.Size, max, plotHeight, $"{label}: {Formatting.Size(point.Size)}");
            WriteBar(body, "new", x, bar, point.NewBytes, max, plotHeight, $"{label}: {Formatting.Size(point.NewBytes)} new ({Formatting.Size(point.NewSentBytes)} compressed)");
            body.Open("text", ("class", "axis label"), ("x", N(x + (bar / 2))), ("y", N(Height - Bottom + 16)), ("text-anchor", "middle"))
                .Text(label.Length > 14 ? label[..13] + "…" : label).Raw("</text>");
        }

        body.Raw($"<rect class=\"size\" x=\"{Left}\" y=\"{Height - 14}\" width=\"10\" height=\"10\"></rect>")
            .Open("text", ("class", "axis"), ("x", N(Left + 14)), ("y", N(Height - 5))).Text("size").Raw("</text>")
            .Raw($"<rect class=\"new\" x=\"{Left + 60}\" y=\"{Height - 14}\" width=\"10\" height=\"10\"></rect>")
            .Open("text", ("class", "axis"), ("x", N(Left + 74)), ("y", N(Height - 5))).Text("new bytes").Raw("</text>")
            .Raw("</svg>");
    }

    private static void WriteBar(HtmlWriter body, string kind, double x, double width, long value, long max, int plotHeight, string title)
    {
        var height = plotHeight * (double)value / max;
        body.Open("rect", ("class", kind), ("x", N(x)), ("y", N(Top + plotHeight - height)), ("width", N(width)), ("height", N(height)))
            .Element("title", title).Raw("</rect>");
    }

    private static void WriteTable(HtmlWriter body, IReadOnlyList<VersionPoint> points)
    {
        body.Raw("<table class=\"history\" id=\"history-table\"><thead><tr><th>Version</th><th>Digest</th><th>Published</th>")
            .Raw("<th class=\"num\">Size</th><th class=\"num\">New</th><th class=\"num\">New, compressed</th><th class=\"num\">Reused</th></tr></thead><tbody>");
        foreach (var point in points)
        {
            var reused = point.Size == 0 ? 100 : Math.Clamp(100.0 * (point.Size - point.NewBytes) / point.Size, 0, 100);
            body.Raw("<tr><td>").Text(string.Join(", ", point.Tags))
                .Raw("</td><td>").Element("code", Formatting.ShortDigest(point.Digest), ("title", point.Digest))
                .Raw("</td><td>").Text(Formatting.Time(point.PublishedAt))
                .Raw("</td><td class=\"num\">").Text(Formatting.Size(point.Size))
                .Raw("</td><td class=\"num\">").Text(Formatting.Size(point.NewBytes))
                .Raw("</td><td class=\"num\">").Text(Formatting.Size(point.NewSentBytes))
                .Raw("</td><td class=\"num\">").Text(reused.ToString("0.0", CultureInfo.InvariantCulture) + "%")
                .Raw("</td></tr>");
        }

        body.Raw("</tbody></table>");
    }

    private static string N(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
