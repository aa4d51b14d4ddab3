using System.Net;
using System.Text.Json;

namespace AetherFS.IntegrationTests.FileServer;

/// <summary>
/// A block corrupted on the hub's disk: requests that need it fail loudly (500 before the first byte, a cut
/// connection after it), and requests that do not need it succeed, which shows ranges read only their blocks.
/// </summary>
public sealed class CorruptionTests : IClassFixture<CorruptBlockFixture>
{
    private const int BlockSize = CorruptBlockFixture.BlockSize;
    private const int CorruptBlock = CorruptBlockFixture.CorruptBlock;
    private const string Url = "/fs/fs-corrupt/v1/data.bin";
    private readonly byte[] _data;
    private readonly HttpClient _http;

    public CorruptionTests(CorruptBlockFixture fixture)
    {
        _data = fixture.Data;
        _http = fixture.Http;
    }

    [Fact]
    public async Task Get_RangeInsideTheCorruptBlock_Is500Problem()
    {
        using var response = await GetAsync($"bytes={(CorruptBlock * BlockSize) + 10}-{(CorruptBlock * BlockSize) + 20}");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Stored data is corrupt", problem.GetProperty("title").GetString());
        Assert.Null(response.Content.Headers.ContentRange);
    }

    [Fact]
    public async Task Get_RangesOutsideTheCorruptBlock_Succeed()
    {
        var before = (2 * BlockSize) + 100;
        var after = ((CorruptBlock + 1) * BlockSize) + 5;
        using var single = await GetAsync($"bytes={before}-{before + 999}");
        using var edges = await GetAsync($"bytes={(CorruptBlock * BlockSize) - 10}-{(CorruptBlock * BlockSize) - 1}");
        using var multiple = await GetAsync($"bytes=0-9,{after}-{after + 9}");
        using var suffix = await GetAsync("bytes=-100");

        Assert.Equal(HttpStatusCode.PartialContent, single.StatusCode);
        Assert.Equal(_data[before..(before + 1000)], await single.Content.ReadAsByteArrayAsync());
        Assert.Equal(_data[((CorruptBlock * BlockSize) - 10)..(CorruptBlock * BlockSize)], await edges.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.PartialContent, multiple.StatusCode);
        Assert.Equal("multipart/byteranges", multiple.Content.Headers.ContentType?.MediaType);
        Assert.Equal(_data[^100..], await suffix.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Get_WholeFile_IsCutAtTheCorruptBlockNeverCompletedWithWrongBytes()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Url, UriKind.Relative));
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var body = await response.Content.ReadAsStreamAsync();
        using var received = new MemoryStream();

        await Assert.ThrowsAnyAsync<Exception>(() => body.CopyToAsync(received).WaitAsync(FileServerFixture.Timeout));

        Assert.True(received.Length <= CorruptBlock * BlockSize, $"received {received.Length} bytes, beyond the corrupt block");
        Assert.Equal(_data[..(int)received.Length], received.ToArray());
    }

    [Fact]
    public async Task Get_MultipleRangesWhoseFirstNeedsTheCorruptBlock_Is500()
    {
        using var response = await GetAsync($"bytes={CorruptBlock * BlockSize}-{(CorruptBlock * BlockSize) + 9},0-9");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
    }

    [Fact]
    public async Task Head_DoesNotReadBlocks()
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, new Uri(Url, UriKind.Relative));

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(_data.Length, response.Content.Headers.ContentLength);
    }

    private async Task<HttpResponseMessage> GetAsync(string range)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Url, UriKind.Relative));
        request.Headers.TryAddWithoutValidation("Range", range);
        return await _http.SendAsync(request);
    }
}
