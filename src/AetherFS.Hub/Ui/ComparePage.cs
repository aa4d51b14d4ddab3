using AetherFS.Core.Manifests;
using AetherFS.Hub.Datasets;

namespace AetherFS.Hub.Ui;

/// <summary>Two tags of a dataset side by side: files added, removed and changed; blocks shared; bytes new.</summary>
internal static class ComparePage
{
    /// <param name="file">A changed file whose line diff is shown beside the lists; null for none.</param>
    public static async Task<string?> RenderAsync(UiAccount account, string name, string from, string to, string? file, VersionResolver versions, VersionComparer comparer, TextFileReader texts, Application.TransferCalculator transfers, CancellationToken cancellationToken)
    {
        if (await versions.ResolveAsync(name, from, cancellationToken) is not var (before, _) || await versions.ResolveAsync(name, to, cancellationToken) is not var (after, _))
        {
            return null;
        }

        var comparison = await comparer.CompareAsync(before, after, cancellationToken);
        var sharing = comparison.Sharing;
        var transfer = await transfers.ComputeAsync(after, before, cancellationToken);
        var added = comparison.Changes.Where(c => c.Kind == FileChangeKind.Added).ToList();
        var removed = comparison.Changes.Where(c => c.Kind == FileChangeKind.Removed).ToList();
        var changed = comparison.Changes.Where(c => c.Kind == FileChangeKind.Changed).ToList();
        var metadata = comparison.Changes.Count(c => c.Kind == FileChangeKind.MetadataChanged);

        var body = new HtmlWriter().Raw("<h1>").Text(name).Raw(" <span class=\"tag\">").Text(from).Raw(" → ").Text(to).Raw("</span></h1>")
            .Raw("<dl class=\"summary\" id=\"sharing\">")
            .Element("dt", "Files").Element("dd", $"{added.Count} added, {removed.Count} removed, {changed.Count} changed" + (metadata > 0 ? $", {metadata} with only mode or time changed" : string.Empty), ("id", "file-counts"))
            .Element("dt", "Blocks shared").Element("dd", $"{Formatting.Count(sharing.SharedBlocks)} of {Formatting.Count(sharing.Blocks)} ({Formatting.Size(sharing.SharedBytes)})", ("id", "blocks-shared"))
            .Element("dt", "Bytes new").Element("dd", $"{Formatting.Size(sharing.NewBytes)} in {Formatting.Count(sharing.NewBlocks)} blocks, {Formatting.Size(transfer.NewSentBytes)} compressed; a pull of {to} after {from} downloads {Formatting.Size(transfer.TransferSentBytes)}"
                + (transfer.DeltaBlocks > 0 ? $" ({Formatting.Count(transfer.DeltaBlocks)} blocks as deltas)" : string.Empty), ("id", "bytes-new"))
            .Raw("</dl>");
        if (comparison.Unverified > 0)
        {
            body.Element("p", $"{comparison.Unverified} file(s) of unchanged size but new block layout were counted as changed without reading them (over the {Formatting.Size(VersionComparer.ReadBudget)} reading budget).", ("class", "note"));
        }

        body.Raw(file is null ? "<div class=\"compare\"><section class=\"files\">" : "<div class=\"compare with-diff\"><section class=\"files\">");
        Section(body, "Added", "added", added, c => c.To!, name, after.Digest, null);
        Section(body, "Removed", "removed", removed, c => c.From!, name, before.Digest, null);
        Section(body, "Changed", "changed", changed, c => c.To!, name, after.Digest, path => UiPaths.Compare(name, from, to, path));
        body.Raw("</section>");
        if (file is not null)
        {
            await LineDiffView.WriteAsync(body, comparison, file, before, after, texts, cancellationToken);
        }

        body.Raw("</div>");
        return UiLayout.Page(account, $"{name}: {from} → {to}", [("Datasets", UiPaths.Root), (name, UiPaths.Dataset(name)), ($"{from} → {to}", null)], body);
    }

    /// <param name="lineDiff">The link to a changed file's line diff; null for lists without one.</param>
    private static void Section(HtmlWriter body, string title, string id, IReadOnlyList<FileChange> changes, Func<FileChange, ManifestEntry> entryOf, string name, string digest, Func<string, string>? lineDiff)
    {
        body.Element("h2", $"{title} ({changes.Count})");
        if (changes.Count == 0)
        {
            return;
        }

        body.Raw($"<table class=\"changes\" id=\"{id}\"><thead><tr><th>Path</th><th class=\"num\">Size</th></tr></thead><tbody>");
        foreach (var change in changes)
        {
            var entry = entryOf(change);
            body.Raw("<tr><td>");
            if (entry.Type == EntryType.File)
            {
                body.Link(UiPaths.File(name, digest, entry.Path), entry.Path);
            }
            else
            {
                body.Text(entry.Type == EntryType.Directory ? entry.Path + "/" : entry.Path);
            }

            var size = change.From is { } old && change.To is { } now && old.Size != now.Size
                ? $"{Formatting.Size(old.Size)} → {Formatting.Size(now.Size)}"
                : entry.Type == EntryType.File ? Formatting.Size(entry.Size) : string.Empty;
            if (lineDiff is not null && entry.Type == EntryType.File && change.From?.Type == EntryType.File)
            {
                body.Raw(" ").Element("a", "lines", ("href", lineDiff(entry.Path) + "#line-diff"), ("class", "lines"), ("title", "Show the changed lines"));
            }

            body.Raw("</td><td class=\"num\">").Text(size).Raw("</td></tr>");
        }

        body.Raw("</tbody></table>");
    }
}
