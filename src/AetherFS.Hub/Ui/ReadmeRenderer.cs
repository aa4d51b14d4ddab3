using Markdig;
using Markdig.Renderers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace AetherFS.Hub.Ui;

/// <summary>
/// Renders a dataset's README.md. A README is untrusted input: raw HTML in it is shown as text, never parsed
/// (Markdig's DisableHtml), links with schemes other than http, https and mailto are dropped, and relative links
/// and images point at the same version's files through the file server. The page's Content-Security-Policy is
/// the second wall: no inline script runs even if something slipped through.
/// </summary>
internal static class ReadmeRenderer
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().DisableHtml().Build();

    /// <param name="fileUrl">The file-server URL of a path relative to the dataset root.</param>
    public static string Render(string markdown, string readmeDirectory, Func<string, string> fileUrl)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var link in document.Descendants<LinkInline>())
        {
            link.Url = Rewrite(link.Url, readmeDirectory, fileUrl);
        }

        foreach (var link in document.Descendants<AutolinkInline>())
        {
            link.Url = Rewrite(link.Url, readmeDirectory, fileUrl) ?? string.Empty;
        }

        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.Render(document);
        return writer.ToString();
    }

    private static string? Rewrite(string? url, string directory, Func<string, string> fileUrl)
    {
        if (string.IsNullOrWhiteSpace(url) || url.StartsWith('#'))
        {
            return url;
        }

        if (Uri.TryCreate(url, UriKind.Absolute, out var absolute) && !url.StartsWith('/'))
        {
            return absolute.Scheme is "http" or "https" or "mailto" ? url : "#";
        }

        if (url.Contains(':', StringComparison.Ordinal) || url.StartsWith("//", StringComparison.Ordinal))
        {
            // Anything that might be read as a scheme or another host: not ours to follow.
            return "#";
        }

        var fragment = url.IndexOfAny(['#', '?']);
        var path = Uri.UnescapeDataString(fragment < 0 ? url : url[..fragment]);
        var resolved = Resolve(path.StartsWith('/') ? path : $"{directory}/{path}");
        return resolved is null ? "#" : fileUrl(resolved);
    }

    // Dataset-relative, without '.', '..' or empty segments; null when it climbs above the root.
    private static string? Resolve(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part is "" or ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (parts.Count == 0)
                {
                    return null;
                }

                parts.RemoveAt(parts.Count - 1);
                continue;
            }

            parts.Add(part);
        }

        return parts.Count == 0 ? null : string.Join('/', parts);
    }
}
