using System.Net;
using AetherFS.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;

namespace AetherFS.IntegrationTests.FileServer;

/// <summary>Range requests against a live hub, compared with the same bytes read locally.</summary>
[Collection(FileServerCollection.Name)]
public sealed class RangeTests
{
    private const string Big = "/fs/fs-files/v1/big.bin";
    private readonly FileServerFixture _fs;
    private readonly byte[] _big;

    public RangeTests(FileServerFixture fixture)
    {
        _fs = fixture;
        _big = fixture.Local("big.bin");
    }

    [Fact]
    public async Task Get_WholeFile_IsTheLocalBytesWithExactLength()
    {
        using var response = await SendAsync(HttpMethod.Get, Big);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(_big, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(FileServerFixture.BigSize, response.Content.Headers.ContentLength);
        Assert.Equal("bytes", Assert.Single(response.Headers.AcceptRanges));
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Null(response.Content.Headers.ContentRange);
    }

    [Fact]
    public async Task Head_SendsTheHeadersOfGetWithoutABody()
    {
        using var get = await SendAsync(HttpMethod.Get, Big);
        using var head = await SendAsync(HttpMethod.Head, Big);

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        Assert.Equal(FileServerFixture.BigSize, head.Content.Headers.ContentLength);
        Assert.Equal(get.Headers.ETag, head.Headers.ETag);
        Assert.Equal(get.Content.Headers.LastModified, head.Content.Headers.LastModified);
        Assert.Equal(get.Content.Headers.ContentType, head.Content.Headers.ContentType);
        Assert.Equal("bytes", Assert.Single(head.Headers.AcceptRanges));
    }

    [Theory]
    [InlineData(500_000, 500_999)]
    [InlineData(0, 0)]
    [InlineData(FileServerFixture.BigSize - 1, FileServerFixture.BigSize - 1)]
    [InlineData(65_530, 65_545)]
    [InlineData(100_000, 400_000)]
    [InlineData(65_536, 131_071)]
    public async Task Get_SingleRange_ReturnsExactlyThoseBytes(int first, int last)
    {
        using var response = await SendAsync(HttpMethod.Get, Big, ("Range", $"bytes={first}-{last}"));

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal($"bytes {first}-{last}/{FileServerFixture.BigSize}", response.Content.Headers.ContentRange?.ToString());
        Assert.Equal(last - first + 1, response.Content.Headers.ContentLength);
        Assert.Equal(_big[first..(last + 1)], await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Get_OpenEndedRange_ReturnsTheRestOfTheFile()
    {
        using var response = await SendAsync(HttpMethod.Get, Big, ("Range", "bytes=100-"));

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal($"bytes 100-{FileServerFixture.BigSize - 1}/{FileServerFixture.BigSize}", response.Content.Headers.ContentRange?.ToString());
        Assert.Equal(_big[100..], await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Get_SuffixRange_ReturnsTheLastBytes()
    {
        using var response = await SendAsync(HttpMethod.Get, Big, ("Range", "bytes=-500"));

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal($"bytes {FileServerFixture.BigSize - 500}-{FileServerFixture.BigSize - 1}/{FileServerFixture.BigSize}", response.Content.Headers.ContentRange?.ToString());
        Assert.Equal(_big[^500..], await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("bytes=1048576-")]
    [InlineData("bytes=2000000-2000010")]
    [InlineData("bytes=-0")]
    public async Task Get_UnsatisfiableRange_Is416WithTheSize(string range)
    {
        using var response = await SendAsync(HttpMethod.Get, Big, ("Range", range));

        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, response.StatusCode);
        Assert.Equal($"bytes */{FileServerFixture.BigSize}", response.Content.Headers.ContentRange?.ToString());
    }

    [Fact]
    public async Task Get_InvalidRange_IsIgnoredForTheWholeFile()
    {
        using var response = await SendAsync(HttpMethod.Get, Big, ("Range", "bytes=500-100"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(_big, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Get_MultipleRanges_AreMultipartWhosePartsMatchTheLocalBytes()
    {
        (int First, int Last)[] ranges = [(0, 9), (20, 29), (65_530, 65_545), (FileServerFixture.BigSize - 100, FileServerFixture.BigSize - 1)];

        using var response = await SendAsync(HttpMethod.Get, Big, ("Range", "bytes=0-9,20-29,65530-65545,-100"));

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(body.Length, response.Content.Headers.ContentLength);
        var parts = await ReadPartsAsync(response, body);
        Assert.Equal(ranges.Length, parts.Count);
        for (var i = 0; i < ranges.Length; i++)
        {
            var (first, last) = ranges[i];
            Assert.Equal($"bytes {first}-{last}/{FileServerFixture.BigSize}", parts[i].ContentRange);
            Assert.Equal("application/octet-stream", parts[i].ContentType);
            Assert.Equal(_big[first..(last + 1)], parts[i].Data);
        }
    }

    [Fact]
    public async Task Get_OverlappingRanges_AreMergedIntoOne()
    {
        using var response = await SendAsync(HttpMethod.Get, Big, ("Range", "bytes=100-199,150-299,300-399"));

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal($"bytes 100-399/{FileServerFixture.BigSize}", response.Content.Headers.ContentRange?.ToString());
        Assert.Equal(_big[100..400], await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Head_MultipleRanges_AnnouncesTheLengthGetSends()
    {
        using var head = await SendAsync(HttpMethod.Head, Big, ("Range", "bytes=0-9,1000-1999"));
        using var get = await SendAsync(HttpMethod.Get, Big, ("Range", "bytes=0-9,1000-1999"));

        Assert.Equal(HttpStatusCode.PartialContent, head.StatusCode);
        Assert.StartsWith("multipart/byteranges", head.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.Equal((await get.Content.ReadAsByteArrayAsync()).Length, head.Content.Headers.ContentLength);
    }

    [Fact]
    public async Task Get_IfRangeNamingTheCurrentVersion_IsPartial()
    {
        using var head = await SendAsync(HttpMethod.Head, Big);
        var lastModified = head.Content.Headers.LastModified!.Value.ToString("R");

        using var byETag = await SendAsync(HttpMethod.Get, Big, ("Range", "bytes=10-19"), ("If-Range", head.Headers.ETag!.ToString()));
        using var byDate = await SendAsync(HttpMethod.Get, Big, ("Range", "bytes=10-19"), ("If-Range", lastModified));

        Assert.Equal(HttpStatusCode.PartialContent, byETag.StatusCode);
        Assert.Equal(_big[10..20], await byETag.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.PartialContent, byDate.StatusCode);
    }

    [Theory]
    [InlineData("\"some-older-version\"")]
    [InlineData("Mon, 01 Jan 2001 00:00:00 GMT")]
    public async Task Get_IfRangeNamingAnotherVersion_IsTheWholeFile(string ifRange)
    {
        using var response = await SendAsync(HttpMethod.Get, Big, ("Range", "bytes=10-19"), ("If-Range", ifRange));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(_big, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Get_EmptyFile_IsAnEmpty200()
    {
        using var response = await SendAsync(HttpMethod.Get, "/fs/fs-files/v1/empty.txt");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, response.Content.Headers.ContentLength);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Get_JsonFileForAClientAcceptingCompression_IsSentAsStored()
    {
        // The hub compresses its own JSON; a dataset's JSON must keep its length, ranges and ETag.
        using var response = await SendAsync(HttpMethod.Get, "/fs/fs-files/v1/data/nested/deep/leaf.json", ("Accept-Encoding", "gzip, br"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(response.Content.Headers.ContentEncoding);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(_fs.Local("data/nested/deep/leaf.json"), await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(_fs.Local("data/nested/deep/leaf.json").Length, response.Content.Headers.ContentLength);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        foreach (var (name, value) in headers)
        {
            Assert.True(request.Headers.TryAddWithoutValidation(name, value));
        }

        return await _fs.Http.SendAsync(request);
    }

    private static async Task<List<(string? ContentType, string ContentRange, byte[] Data)>> ReadPartsAsync(HttpResponseMessage response, byte[] body)
    {
        Assert.Equal("multipart/byteranges", response.Content.Headers.ContentType?.MediaType);
        var boundary = response.Content.Headers.ContentType!.Parameters.Single(p => p.Name == "boundary").Value!.Trim('"');
        var reader = new MultipartReader(boundary, new MemoryStream(body));
        var parts = new List<(string?, string, byte[])>();
        while (await reader.ReadNextSectionAsync().WaitAsync(FileServerFixture.Timeout) is { } section)
        {
            using var data = new MemoryStream();
            await section.Body.CopyToAsync(data).WaitAsync(FileServerFixture.Timeout);
            parts.Add((section.ContentType, section.Headers!["Content-Range"].ToString(), data.ToArray()));
        }

        return parts;
    }
}
