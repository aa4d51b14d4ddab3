using System.Globalization;
using AetherFS.Protocol.Rest;

namespace AetherFS.Hub.Ui;

/// <summary>
/// The dataset page's "Usage" section: pulls per tag per day as a stacked bar chart in inline SVG, drawn by the hub
/// (no script, no CDN; SVG attributes rather than style, which the page's CSP forbids inline), then the stale tags.
/// </summary>
internal static class UsageSection
{
    private const int Width = 720;
    private const int Height = 180;
    private const int Left = 36;
    private const int Bottom = 22;
    private const int Top = 8;

    // Tags beyond the busiest few share one colour, so the legend stays short whatever the number of tags.
    private const int MaxSeries = 7;
    private const string OthersLabel = "others";

    private static readonly string[] Palette = ["#2f6fb0", "#d9822b", "#3f9b54", "#b8434b", "#7b5ea7", "#8c6d31", "#2e9aa0"];
    private const string OthersColour = "#9aa0a6";

    public static void Write(HtmlWriter body, DatasetStatsResponse stats)
    {
        var days = DaysOf(stats.Since, stats.Until);
        var series = stats.Tags.Select(t => (t.Tag, t.Pulls)).Concat(stats.Other.Select(o => (Tag: o.Reference, o.Pulls)))
            .Where(t => t.Pulls > 0).OrderByDescending(t => t.Pulls).ThenBy(t => t.Tag, StringComparer.Ordinal).Select(t => t.Tag).ToList();
        var shown = series.Take(MaxSeries).ToList();
        var colours = shown.Select((tag, i) => (tag, Palette[i])).ToDictionary(p => p.tag, p => p.Item2, StringComparer.Ordinal);

        body.Open("section", ("class", "usage"), ("aria-labelledby", "usage-title"))
            .Element("h2", "Usage", ("id", "usage-title"))
            .Element("p", $"{Formatting.Count(stats.Pulls)} pulls by {(stats.ClientsAtLeast ? "at least " : string.Empty)}{Formatting.Count(stats.Clients)} clients in the last {days.Count - 1} days, {Formatting.Size(stats.BytesServed)} of manifests served.", ("class", "note"));
        if (stats.Pulls == 0)
        {
            body.Element("p", "Nobody pulled this dataset in the period.", ("class", "empty"));
        }
        else
        {
            Chart(body, stats, days, shown, colours);
            body.Open("ul", ("class", "legend"));
            foreach (var tag in shown)
            {
                Legend(body, colours[tag], tag);
            }

            if (series.Count > shown.Count)
            {
                Legend(body, OthersColour, $"{series.Count - shown.Count} {OthersLabel}");
            }

            body.Raw("</ul>");
        }

        body.Element("h3", "Stale tags");
        if (stats.StaleTags.Count == 0)
        {
            body.Element("p", "Every tag was pulled in the period.", ("class", "note"));
        }
        else
        {
            body.Element("p", "Nobody pulled these tags in the period: candidates to retire.", ("class", "note")).Open("ul", ("class", "stale-tags"));
            foreach (var tag in stats.StaleTags)
            {
                body.Element("li", tag);
            }

            body.Raw("</ul>");
        }

        body.Raw("</section>");
    }

    private static void Chart(HtmlWriter body, DatasetStatsResponse stats, IReadOnlyList<string> days, IReadOnlyList<string> shown, IReadOnlyDictionary<string, string> colours)
    {
        var byDay = stats.Days.ToDictionary(d => d.Date, StringComparer.Ordinal);
        var max = Math.Max(1, stats.Days.Select(d => d.Pulls).DefaultIfEmpty(0).Max());
        var plotHeight = Height - Bottom - Top;
        var slot = (double)(Width - Left) / days.Count;
        var bar = Math.Max(1, slot * 0.8);
        body.Open("svg", ("class", "usage-chart"), ("viewBox", $"0 0 {Width} {Height}"), ("width", Width.ToString(CultureInfo.InvariantCulture)), ("height", Height.ToString(CultureInfo.InvariantCulture)), ("role", "img"), ("aria-label", "Pulls per tag per day"), ("xmlns", "http://www.w3.org/2000/svg"))
            .Element("title", "Pulls per tag per day")
            .Raw($"<line x1=\"{Left}\" y1=\"{Top + plotHeight}\" x2=\"{Width}\" y2=\"{Top + plotHeight}\" stroke=\"#c8ccd0\"/>");
        Label(body, Left - 4, Top + 10, Formatting.Count(max), "end");
        Label(body, Left - 4, Top + plotHeight, "0", "end");
        for (var i = 0; i < days.Count; i++)
        {
            var x = Left + (i * slot) + ((slot - bar) / 2);
            if (i == 0 || i == days.Count - 1 || (days.Count > 10 && i == days.Count / 2))
            {
                // The first and last labels align to the chart's edges, so neither is cut off.
                var anchor = i == 0 ? "start" : i == days.Count - 1 ? "end" : "middle";
                Label(body, i == 0 ? x : i == days.Count - 1 ? x + bar : x + (bar / 2), Height - 6, days[i][5..], anchor);
            }

            if (!byDay.TryGetValue(days[i], out var day))
            {
                continue;
            }

            var y = (double)(Top + plotHeight);
            var segments = day.PullsByTag.Where(t => t.Value > 0)
                .GroupBy(t => colours.ContainsKey(t.Key) ? t.Key : OthersLabel)
                .Select(g => (Tag: g.Key, Pulls: g.Sum(t => t.Value)))
                .OrderBy(s => s.Tag == OthersLabel ? int.MaxValue : IndexOf(shown, s.Tag));
            foreach (var (tag, pulls) in segments)
            {
                var h = plotHeight * (double)pulls / max;
                y -= h;
                body.Open("rect", ("x", Number(x)), ("y", Number(y)), ("width", Number(bar)), ("height", Number(h)), ("fill", colours.GetValueOrDefault(tag, OthersColour)))
                    .Element("title", $"{days[i]} {tag}: {Formatting.Count(pulls)} pulls").Raw("</rect>");
            }
        }

        body.Raw("</svg>");
    }

    private static void Legend(HtmlWriter body, string colour, string label) =>
        body.Raw("<li>").Raw($"<svg width=\"12\" height=\"12\" aria-hidden=\"true\"><rect width=\"12\" height=\"12\" fill=\"{colour}\"/></svg> ").Text(label).Raw("</li>");

    private static void Label(HtmlWriter body, double x, double y, string text, string anchor) =>
        body.Open("text", ("x", Number(x)), ("y", Number(y)), ("font-size", "11"), ("fill", "#5f6368"), ("text-anchor", anchor)).Text(text).Raw("</text>");

    private static int IndexOf(IReadOnlyList<string> tags, string tag)
    {
        for (var i = 0; i < tags.Count; i++)
        {
            if (tags[i] == tag)
            {
                return i;
            }
        }

        return int.MaxValue;
    }

    // Every UTC day from the period's first to its last, so days without pulls show as gaps.
    private static List<string> DaysOf(DateTimeOffset since, DateTimeOffset until)
    {
        var days = new List<string>();
        for (var day = since.UtcDateTime.Date; day <= until.UtcDateTime.Date; day = day.AddDays(1))
        {
            days.Add(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        return days;
    }

    private static string Number(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
