using System.Text;
using System.Text.Json;
using AetherFS.Core.Manifests;
using AetherFS.Serving.FileServer;

namespace AetherFS.Serving.Tests.FileServer;

public sealed class ListingWriterTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly DateTime When = new(2021, 10, 5, 12, 30, 15, DateTimeKind.Utc);

    private static readonly DirectoryListing Listing = new("org/set:v1", "/data/", [
        new ListingEntry("<script>alert(1)</script>.txt", EntryType.File, 1536, When, null),
        new ListingEntry("geo", EntryType.Directory, 150_000, When, null),
        new ListingEntry("latest \"x\".csv", EntryType.Symlink, 0, When, "geo/a&b.csv"),
        new ListingEntry("c:d", EntryType.File, 1, When, null),
        new ListingEntry("日本語 ファイル.txt", EntryType.File, 15, When, null),
    ]);

    [Fact]
    public async Task Html_EscapesEveryNameAndHoldsNoScript()
    {
        var html = await RenderHtmlAsync(Listing);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;.txt</a>", html, StringComparison.Ordinal);
        Assert.Contains("→ geo/a&amp;b.csv", html, StringComparison.Ordinal);
        Assert.DoesNotContain("latest \"x\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Html_LinksAreRelativeAndPercentEncoded()
    {
        var html = await RenderHtmlAsync(Listing);

        Assert.Contains("<a href=\"../\">../</a>", html, StringComparison.Ordinal);
        Assert.Contains("href=\"./geo/\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"./%3Cscript%3Ealert%281%29%3C%2Fscript%3E.txt\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"./c:d\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"./%E6%97%A5%E6%9C%AC%E8%AA%9E%20%E3%83%95%E3%82%A1%E3%82%A4%E3%83%AB.txt\"", html, StringComparison.Ordinal);
        Assert.Contains(">日本語 ファイル.txt</a>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Html_ShowsSizesAndModificationTimes()
    {
        var html = await RenderHtmlAsync(Listing);

        Assert.Contains("<td title=\"1536 bytes\">1.5 KiB</td><td>2021-10-05 12:30:15</td>", html, StringComparison.Ordinal);
        Assert.Contains("<title>Index of org/set:v1/data/</title>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Html_RootHasNoParentLink()
    {
        var html = await RenderHtmlAsync(Listing with { Path = "/" });

        Assert.DoesNotContain("href=\"../\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_ListsPathAndEntriesWithManifestTypeNames()
    {
        using var output = new MemoryStream();

        await JsonListingWriter.WriteAsync(Listing, output, CancellationToken.None).WaitAsync(Timeout);

        var root = JsonDocument.Parse(output.ToArray()).RootElement;
        Assert.Equal("/data/", root.GetProperty("path").GetString());
        var entries = root.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(5, entries.Count);
        Assert.Equal("geo", entries[1].GetProperty("name").GetString());
        Assert.Equal("dir", entries[1].GetProperty("type").GetString());
        Assert.Equal(150_000, entries[1].GetProperty("size").GetInt64());
        Assert.Equal(When, entries[1].GetProperty("modifiedAt").GetDateTime().ToUniversalTime());
        Assert.False(entries[1].TryGetProperty("target", out _));
        Assert.Equal("symlink", entries[2].GetProperty("type").GetString());
        Assert.Equal("geo/a&b.csv", entries[2].GetProperty("target").GetString());
        Assert.Equal("file", entries[0].GetProperty("type").GetString());
    }

    [Fact]
    public async Task Json_LargeDirectory_IsWrittenCompletely()
    {
        var many = Listing with { Entries = Enumerable.Range(0, 5000).Select(i => new ListingEntry($"f{i:D5}", EntryType.File, i, When, null)).ToList() };
        using var output = new MemoryStream();

        await JsonListingWriter.WriteAsync(many, output, CancellationToken.None).WaitAsync(Timeout);

        var entries = JsonDocument.Parse(output.ToArray()).RootElement.GetProperty("entries");
        Assert.Equal(5000, entries.GetArrayLength());
        Assert.Equal("f04999", entries[4999].GetProperty("name").GetString());
    }

    private static async Task<string> RenderHtmlAsync(DirectoryListing listing)
    {
        using var output = new MemoryStream();
        await HtmlListingWriter.WriteAsync(listing, output, CancellationToken.None).WaitAsync(Timeout);
        return Encoding.UTF8.GetString(output.ToArray());
    }
}
