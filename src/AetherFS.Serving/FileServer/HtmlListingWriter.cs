using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using AetherFS.Core.Manifests;
using AetherFS.Core.Units;

namespace AetherFS.Serving.FileServer;

/// <summary>
/// A listing as a plain HTML page: every name escaped, no scripts or styles to load, links relative to the
/// directory URL (which ends in '/'), so the page works under any host or proxy prefix.
/// </summary>
internal static class HtmlListingWriter
{
    public const string ContentType = "text/html; charset=utf-8";

    // Names stay readable in the source; markup characters are still encoded.
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    public static async Task WriteAsync(DirectoryListing listing, Stream output, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 16 * 1024, leaveOpen: true);
        var title = Html.Encode($"Index of {listing.Version}{listing.Path}");
        await writer.WriteAsync($"<!DOCTYPE html>\n<html>\n<head><meta charset=\"utf-8\"><title>{title}</title></head>\n<body>\n<h1>{title}</h1>\n<table>\n<thead><tr><th>Name</th><th>Size</th><th>Modified (UTC)</th></tr></thead>\n<tbody>\n");
        if (!listing.IsRoot)
        {
            await writer.WriteAsync("<tr><td><a href=\"../\">../</a></td><td></td><td></td></tr>\n");
        }

        foreach (var entry in listing.Entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await writer.WriteAsync(Row(entry));
        }

        await writer.WriteAsync("</tbody>\n</table>\n</body>\n</html>\n");
        await writer.FlushAsync(cancellationToken);
    }

    private static string Row(ListingEntry entry)
    {
        var directory = entry.Type == EntryType.Directory;
        // "./" keeps a name with ':' from reading as a URL scheme.
        var href = Html.Encode("./" + UrlSegment.Escape(entry.Name) + (directory ? "/" : ""));
        var text = Html.Encode(entry.Name + (directory ? "/" : ""));
        var target = entry.Target is null ? "" : " → " + Html.Encode(entry.Target);
        var size = entry.Type == EntryType.Symlink
            ? "<td></td>"
            : $"<td title=\"{entry.Size.ToString(CultureInfo.InvariantCulture)} bytes\">{Html.Encode(ByteSize.Format(entry.Size))}</td>";
        var modified = DateTime.SpecifyKind(entry.ModifiedAt, DateTimeKind.Utc).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        return $"<tr><td><a href=\"{href}\">{text}</a>{target}</td>{size}<td>{modified}</td></tr>\n";
    }
}
