using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace AetherFS.IntegrationTests.FileServer;

/// <summary>Directory URLs: redirects to the slash form, HTML for browsers, JSON when asked.</summary>
[Collection(FileServerCollection.Name)]
public sealed partial class ListingTests
{
    private readonly FileServerFixture _fs;

    public ListingTests(FileServerFixture fixture) => _fs = fixture;

    [Theory]
    [InlineData("/fs/fs-files/v1", "/fs/fs-files/v1/")]
    [InlineData("/fs/fs-files/v1/data/nested", "/fs/fs-files/v1/data/nested/")]
    [InlineData("/fs/fs-files/v1/current", "/fs/fs-files/v1/current/")]
    [InlineData("/fs/fs-files/v1/%C3%BCn%C3%AFc%C3%B8d%C3%A9?sort=name", "/fs/fs-files/v1/%C3%BCn%C3%AFc%C3%B8d%C3%A9/?sort=name")]
    public async Task Get_DirectoryWithoutTrailingSlash_RedirectsToTheSlashForm(string path, string location)
    {
        using var response = await _fs.Http.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal(location, response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Get_RootListing_IsPlainHtmlNamingEveryEntry()
    {
        using var response = await _fs.Http.GetAsync(new Uri("/fs/fs-files/v1/", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        foreach (var name in new[] { "big.bin", "data/", "ünïcødé/", "spaces in name/", "empty.txt", "latest.bin</a> → big.bin", "current</a> → data", "odd#name?.bin" })
        {
            Assert.Contains(name, html, StringComparison.Ordinal);
        }

        Assert.Contains("1 MiB", html, StringComparison.Ordinal);
        Assert.StartsWith("sandbox", Assert.Single(response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_ListingLinks_LeadToEveryFileWithItsLocalBytes()
    {
        // A crawler following the HTML links from the root must reach every file, through relative links,
        // percent-encoded names and symlinks.
        var found = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        await CrawlAsync(new Uri(_fs.Hub.Url, "/fs/fs-files/v1/"), "", found, depth: 0);

        var expected = FileServerFixture.Files
            .Append("latest.bin")
            .Concat(FileServerFixture.Files.Where(f => f.StartsWith("data/", StringComparison.Ordinal)).Select(f => "current" + f[4..]))
            .ToList();
        Assert.Equal(expected.Order(StringComparer.Ordinal), found.Keys.Order(StringComparer.Ordinal));
        foreach (var path in expected)
        {
            var local = path switch
            {
                "latest.bin" => "big.bin",
                _ when path.StartsWith("current/", StringComparison.Ordinal) => "data" + path[7..],
                _ => path,
            };
            Assert.Equal(_fs.Local(local), found[path]);
        }
    }

    [Fact]
    public async Task Get_DirectoryAcceptingJson_ListsItsEntries()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/fs/fs-files/v1/", UriKind.Relative));
        request.Headers.Accept.ParseAdd("application/json");

        using var response = await _fs.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var root = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("/", root.GetProperty("path").GetString());
        var entries = root.GetProperty("entries").EnumerateArray().ToDictionary(e => e.GetProperty("name").GetString()!);
        Assert.Equal(FileServerFixture.BigSize, entries["big.bin"].GetProperty("size").GetInt64());
        Assert.Equal("file", entries["big.bin"].GetProperty("type").GetString());
        Assert.Equal(FileServerFixture.BigModifiedAt, entries["big.bin"].GetProperty("modifiedAt").GetDateTime().ToUniversalTime());
        Assert.Equal("dir", entries["data"].GetProperty("type").GetString());
        var dataBytes = FileServerFixture.Files.Where(f => f.StartsWith("data/", StringComparison.Ordinal)).Sum(f => _fs.Local(f).Length);
        Assert.Equal(dataBytes, entries["data"].GetProperty("size").GetInt64());
        Assert.Equal("symlink", entries["current"].GetProperty("type").GetString());
        Assert.Equal("data", entries["current"].GetProperty("target").GetString());
        Assert.Equal("dir", entries["ünïcødé"].GetProperty("type").GetString());
        Assert.Equal(0, entries["empty.txt"].GetProperty("size").GetInt64());
    }

    [Fact]
    public async Task Get_ListingByDigestAndThroughASymlink_ShowsTheSameEntries()
    {
        using var byTag = await GetJsonAsync("/fs/fs-files/v1/data/");
        using var byDigest = await GetJsonAsync($"/fs/fs-files@{_fs.Digest}/data/");
        using var throughLink = await GetJsonAsync("/fs/fs-files/v1/current/");

        Assert.Equal(byTag.RootElement.GetProperty("entries").ToString(), byDigest.RootElement.GetProperty("entries").ToString());
        Assert.Equal(byTag.RootElement.GetProperty("entries").ToString(), throughLink.RootElement.GetProperty("entries").ToString());
        Assert.Equal("/current/", throughLink.RootElement.GetProperty("path").GetString());
    }

    [Fact]
    public async Task Get_ListingIfNoneMatch_Is304()
    {
        using var first = await _fs.Http.GetAsync(new Uri("/fs/fs-files/v1/data/", UriKind.Relative));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/fs/fs-files/v1/data/", UriKind.Relative));
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        using var again = await _fs.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
    }

    private async Task<JsonDocument> GetJsonAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Accept.ParseAdd("application/json");
        using var response = await _fs.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    private async Task CrawlAsync(Uri directory, string relative, Dictionary<string, byte[]> found, int depth)
    {
        Assert.True(depth < 10, "links loop");
        var html = await _fs.Http.GetStringAsync(directory);
        foreach (Match link in Href().Matches(html))
        {
            var href = WebUtility.HtmlDecode(link.Groups[1].Value);
            if (href == "../")
            {
                continue;
            }

            var name = Uri.UnescapeDataString(href[2..].TrimEnd('/'));
            var target = new Uri(directory, href);
            using var response = await _fs.Http.GetAsync(target);
            if (response.StatusCode == HttpStatusCode.MovedPermanently)
            {
                // A symlink to a directory: listed like a file, redirected to its slash form.
                await CrawlAsync(new Uri(target, response.Headers.Location!), Path.Join(relative, name), found, depth + 1);
            }
            else if (href.EndsWith('/'))
            {
                await CrawlAsync(target, Path.Join(relative, name), found, depth + 1);
            }
            else
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                found[Path.Join(relative, name)] = await response.Content.ReadAsByteArrayAsync();
            }
        }
    }

    [GeneratedRegex("<a href=\"([^\"]+)\">")]
    private static partial Regex Href();
}
