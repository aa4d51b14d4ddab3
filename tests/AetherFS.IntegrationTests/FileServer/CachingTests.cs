using System.Net;

namespace AetherFS.IntegrationTests.FileServer;

/// <summary>Validators, conditional requests, cache lifetimes and the headers that keep dataset bytes inert.</summary>
[Collection(FileServerCollection.Name)]
public sealed class CachingTests
{
    private const string Big = "/fs/fs-files/v1/big.bin";
    private readonly FileServerFixture _fs;

    public CachingTests(FileServerFixture fixture) => _fs = fixture;

    [Fact]
    public async Task Get_LastModified_IsTheFilesMtimeToTheSecond()
    {
        using var response = await SendAsync(Big);

        Assert.Equal(new DateTimeOffset(2021, 10, 5, 12, 30, 15, TimeSpan.Zero), response.Content.Headers.LastModified);
        Assert.False(response.Headers.ETag!.IsWeak);
    }

    [Fact]
    public async Task Get_IfNoneMatchWithTheCurrentETag_Is304()
    {
        using var first = await SendAsync(Big);
        var etag = first.Headers.ETag!.ToString();

        foreach (var ifNoneMatch in new[] { etag, "*", $"\"stale\", {etag}" })
        {
            using var again = await SendAsync(Big, ("If-None-Match", ifNoneMatch));
            Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
            Assert.Equal(etag, again.Headers.ETag?.ToString());
            Assert.Empty(await again.Content.ReadAsByteArrayAsync());
        }
    }

    [Fact]
    public async Task Get_IfNoneMatchWithAnotherETag_IsTheFile()
    {
        using var response = await SendAsync(Big, ("If-None-Match", "\"stale\""), ("If-Modified-Since", "Fri, 01 Jan 2100 00:00:00 GMT"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(_fs.Local("big.bin"), await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Get_IfModifiedSince_Is304UnlessTheFileIsNewer()
    {
        using var first = await SendAsync(Big);
        var lastModified = first.Content.Headers.LastModified!.Value;

        using var same = await SendAsync(Big, ("If-Modified-Since", lastModified.ToString("R")));
        using var earlier = await SendAsync(Big, ("If-Modified-Since", lastModified.AddSeconds(-1).ToString("R")));

        Assert.Equal(HttpStatusCode.NotModified, same.StatusCode);
        Assert.Equal(HttpStatusCode.OK, earlier.StatusCode);
    }

    [Fact]
    public async Task Get_IfMatchWithAnotherETag_Is412()
    {
        using var response = await SendAsync(Big, ("If-Match", "\"stale\""));

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
    }

    [Fact]
    public async Task Get_ByDigest_IsTheSameFileAsByTagAndCachedForever()
    {
        using var byTag = await SendAsync(Big);
        using var byDigest = await SendAsync($"/fs/fs-files@{_fs.Digest}/big.bin");

        Assert.Equal(HttpStatusCode.OK, byDigest.StatusCode);
        Assert.Equal(await byTag.Content.ReadAsByteArrayAsync(), await byDigest.Content.ReadAsByteArrayAsync());
        Assert.Equal(byTag.Headers.ETag, byDigest.Headers.ETag);
        Assert.True(byDigest.Headers.CacheControl!.Public);
        Assert.Equal(TimeSpan.FromDays(365), byDigest.Headers.CacheControl.MaxAge);
        Assert.Contains(byDigest.Headers.CacheControl.Extensions, e => e.Name == "immutable");
        Assert.True(byTag.Headers.CacheControl!.NoCache, "a tag can move, so caches must revalidate");
    }

    [Fact]
    public async Task Get_DigestInTheTagsPlace_IsTheSameFile()
    {
        using var response = await SendAsync($"/fs/fs-files/{_fs.Digest}/data/small.txt");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(_fs.Local("data/small.txt"), await response.Content.ReadAsByteArrayAsync());
        Assert.Contains(response.Headers.CacheControl!.Extensions, e => e.Name == "immutable");
    }

    [Theory]
    [InlineData("data/nested/deep/leaf.json", "application/json")]
    [InlineData("data/small.txt", "text/plain")]
    [InlineData("data/table.csv", "text/csv")]
    [InlineData("image.png", "image/png")]
    [InlineData("page.html", "text/html")]
    [InlineData("big.bin", "application/octet-stream")]
    public async Task Get_ContentType_FollowsTheExtensionAndIsNeverSniffed(string path, string contentType)
    {
        using var response = await SendAsync("/fs/fs-files/v1/" + path);

        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal(_fs.Local(path), await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Get_HtmlFromADataset_IsSandboxedAwayFromTheHubsOrigin()
    {
        using var response = await SendAsync("/fs/fs-files/v1/page.html");

        Assert.Equal("sandbox", Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
    }

    [Fact]
    public async Task Get_Symlinks_ServeTheirTargets()
    {
        using var file = await SendAsync("/fs/fs-files/v1/latest.bin");
        using var throughDirectory = await SendAsync("/fs/fs-files/v1/current/nested/deep/leaf.json");

        Assert.Equal(_fs.Local("big.bin"), await file.Content.ReadAsByteArrayAsync());
        Assert.Equal(_fs.Local("data/nested/deep/leaf.json"), await throughDirectory.Content.ReadAsByteArrayAsync());
    }

    private async Task<HttpResponseMessage> SendAsync(string path, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        foreach (var (name, value) in headers)
        {
            Assert.True(request.Headers.TryAddWithoutValidation(name, value));
        }

        return await _fs.Http.SendAsync(request);
    }
}
