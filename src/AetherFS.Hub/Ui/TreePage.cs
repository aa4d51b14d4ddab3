using System.Text;
using AetherFS.Core.Manifests;
using AetherFS.Hub.Datasets;

namespace AetherFS.Hub.Ui;

/// <summary>
/// One directory of a tagged version: its entries with sizes and download links, and the directory's README.md
/// rendered below them, as code hosts show it.
/// </summary>
internal static class TreePage
{
    private const int MaxReadmeBytes = 1024 * 1024;

    public static async Task<string?> RenderAsync(UiAccount account, string name, string tag, string directory, VersionResolver versions, FileRangeReader files, CancellationToken cancellationToken)
    {
        if (await versions.ResolveAsync(name, tag, cancellationToken) is not var (version, record) || !version.IsDirectory(directory))
        {
            return null;
        }

        var manifest = version.Manifest;
        var body = new HtmlWriter().Raw("<h1>").Text(name).Raw("<span class=\"tag\">:").Text(tag).Raw("</span></h1>")
            .Raw("<dl class=\"summary\">")
            .Element("dt", "Digest").Raw("<dd>").Element("code", version.Digest).Raw("</dd>")
            .Element("dt", "Published").Element("dd", record is null ? "?" : $"{Formatting.Time(record.PublishedAt)} by {record.Publisher ?? "unknown"}")
            .Element("dt", "Content").Element("dd", $"{Formatting.Count(manifest.FileCount)} files, {Formatting.Size(manifest.TotalSize)} in {Formatting.Count(manifest.Blocks.Count)} blocks")
            .Element("dt", "Chunking").Element("dd", manifest.Chunking.Algorithm == ChunkingParameters.Fixed
                ? $"fixed, {Formatting.Size(manifest.Chunking.MaxSize)}"
                : $"content-defined, {Formatting.Size(manifest.Chunking.MinSize)} to {Formatting.Size(manifest.Chunking.MaxSize)}, {Formatting.Size(manifest.Chunking.AverageSize)} average")
            .Raw("</dl>");

        body.Raw("<table class=\"tree\"><thead><tr><th>Name</th><th class=\"num\">Size</th><th>Modified</th><th>Mode</th></tr></thead><tbody>");
        if (directory.Length > 0)
        {
            var parent = directory.Contains('/') ? directory[..directory.LastIndexOf('/')] : string.Empty;
            body.Raw("<tr><td>").Link(UiPaths.Tree(name, tag, parent), "../").Raw("</td><td></td><td></td><td></td></tr>");
        }

        var children = version.ChildrenOf(directory);
        foreach (var entry in children.OrderBy(e => e.Type != EntryType.Directory).ThenBy(e => e.Path, StringComparer.Ordinal))
        {
            var label = entry.Path[(directory.Length == 0 ? 0 : directory.Length + 1)..];
            body.Raw("<tr><td>");
            switch (entry.Type)
            {
                case EntryType.Directory:
                    body.Link(UiPaths.Tree(name, tag, entry.Path), label + "/", "browse").Raw("</td><td class=\"num\">").Text(Formatting.Size(version.SizeUnder(entry.Path)));
                    break;
                case EntryType.Symlink:
                    body.Text(label).Raw(" → ").Element("code", entry.Target).Raw("</td><td class=\"num\">");
                    break;
                default:
                    body.Link(UiPaths.File(name, version.Digest, entry.Path), label, "download").Raw("</td><td class=\"num\">").Text(Formatting.Size(entry.Size));
                    break;
            }

            body.Raw("</td><td>").Text(entry.ModifiedAt == DateTime.UnixEpoch && entry.Mode == 0b111_101_101 ? string.Empty : Formatting.Time(entry.ModifiedAt))
                .Raw("</td><td>").Element("code", Formatting.Mode(entry.Mode)).Raw("</td></tr>");
        }

        body.Raw("</tbody></table>");
        if (children.Count == 0)
        {
            body.Element("p", "This directory is empty.", ("class", "empty"));
        }

        var readme = children.FirstOrDefault(e => e.Type == EntryType.File && string.Equals(Path.GetFileName(e.Path), "README.md", StringComparison.OrdinalIgnoreCase));
        if (readme is not null)
        {
            var bytes = await files.ReadPrefixAsync(version, readme, MaxReadmeBytes, cancellationToken);
            var html = ReadmeRenderer.Render(Encoding.UTF8.GetString(bytes), directory, path => UiPaths.File(name, version.Digest, path));
            body.Raw("<article class=\"readme\" id=\"readme\"><h2 class=\"readme-name\">").Text(Path.GetFileName(readme.Path)).Raw("</h2>").Raw(html).Raw("</article>");
        }

        return UiLayout.Page(account, $"{name}:{tag}", Crumbs(name, tag, directory), body);
    }

    private static List<(string Text, string? Href)> Crumbs(string name, string tag, string directory)
    {
        var crumbs = new List<(string Text, string? Href)> { ("Datasets", UiPaths.Root), (name, UiPaths.Dataset(name)), (tag, directory.Length == 0 ? null : UiPaths.Tree(name, tag, string.Empty)) };
        if (directory.Length > 0)
        {
            var parts = directory.Split('/');
            for (var i = 0; i < parts.Length; i++)
            {
                crumbs.Add((parts[i], i == parts.Length - 1 ? null : UiPaths.Tree(name, tag, string.Join('/', parts[..(i + 1)]))));
            }
        }

        return crumbs;
    }
}
