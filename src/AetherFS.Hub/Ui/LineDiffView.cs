using AetherFS.Core.Manifests;

namespace AetherFS.Hub.Ui;

/// <summary>
/// The compare page's line diff of one changed file, beside the file lists: a unified diff with context, every line
/// escaped (a dataset's files are untrusted: a line of markup shows as text).
/// </summary>
internal static class LineDiffView
{
    public static async Task WriteAsync(HtmlWriter body, VersionComparison comparison, string path, ManifestIndex before, ManifestIndex after, TextFileReader texts, CancellationToken cancellationToken)
    {
        body.Raw("<aside class=\"line-diff\" id=\"line-diff\">").Element("h2", path);
        var change = comparison.Changes.FirstOrDefault(c => c.Path == path && c.Kind == FileChangeKind.Changed && c.From!.Type == EntryType.File && c.To!.Type == EntryType.File);
        if (change is null)
        {
            body.Element("p", "This path is not among the files changed between these versions.", ("class", "note"), ("id", "line-diff-note")).Raw("</aside>");
            return;
        }

        var old = await texts.ReadAsync(before, change.From!, cancellationToken);
        var now = old is null ? null : await texts.ReadAsync(after, change.To!, cancellationToken);
        if (old is null || now is null)
        {
            body.Element("p", $"Binary or too large: lines are shown for UTF-8 text files of at most {Formatting.Size(TextFileReader.MaxBytes)} on both sides.", ("class", "note"), ("id", "line-diff-note"))
                .Raw("</aside>");
            return;
        }

        var hunks = LineDiff.Compute(old, now);
        if (hunks.Count == 0)
        {
            body.Element("p", "No line differs: only line endings do.", ("class", "note"), ("id", "line-diff-note")).Raw("</aside>");
            return;
        }

        body.Raw("<table class=\"diff\"><tbody>");
        foreach (var hunk in hunks)
        {
            body.Raw("<tr class=\"hunk\"><td colspan=\"3\">").Text(hunk.Header).Raw("</td></tr>");
            foreach (var line in hunk.Lines)
            {
                var (css, marker) = line.Kind switch
                {
                    DiffLineKind.Deleted => ("del", "-"),
                    DiffLineKind.Inserted => ("ins", "+"),
                    _ => ("ctx", " "),
                };
                body.Raw($"<tr class=\"{css}\"><td class=\"ln\">").Text(line.OldNumber?.ToString(System.Globalization.CultureInfo.InvariantCulture))
                    .Raw("</td><td class=\"ln\">").Text(line.NewNumber?.ToString(System.Globalization.CultureInfo.InvariantCulture))
                    .Raw("</td><td class=\"code\">").Text(marker + line.Text).Raw("</td></tr>");
            }
        }

        body.Raw("</tbody></table></aside>");
    }
}
