using System.Net;
using System.Net.Http.Json;
using System.Text;
using AetherFS.IntegrationTests.Infrastructure;

namespace AetherFS.IntegrationTests.Api;

/// <summary>
/// What a hostile caller sends is bounded by what each endpoint needs: oversized JSON bodies answer 413 after reading
/// no more than the limit, oversized fields 400, and nothing is stored either way.
/// </summary>
public sealed class OversizedBodyTests : IClassFixture<HubFixture>, IDisposable
{
    private static readonly string SomeDigest = "sha256:" + new string('1', 64);
    private readonly HttpClient _http;

    public OversizedBodyTests(HubFixture fixture) => _http = new HttpClient { BaseAddress = fixture.Hub.Url, Timeout = TimeSpan.FromSeconds(60) };

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task ATagWhosePublisherIsTenMiB_Is413_AndNoTagIsWritten()
    {
        var body = $$"""{"digest":"{{SomeDigest}}","publisher":"{{new string('x', 10 * 1024 * 1024)}}"}""";

        using var response = await _http.PutAsync(new Uri("/api/v1/datasets/hostile/-/tags/big", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("limit", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await AssertNoTagAsync("big");
    }

    [Fact]
    public async Task ATagBodyWithoutALength_IsCutAtTheLimit_Too()
    {
        // Chunked, so the hub cannot refuse it from Content-Length: it must stop reading at the limit.
        var body = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes($$"""{"digest":"{{SomeDigest}}","publisher":"{{new string('x', 4 * 1024 * 1024)}}"}""")));
        body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/v1/datasets/hostile/-/tags/chunked") { Content = body };
        request.Headers.TransferEncodingChunked = true;

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await AssertNoTagAsync("chunked");
    }

    [Fact]
    public async Task APublisherLongerThanAnyoneNeeds_Is400_AndNoTagIsWritten()
    {
        using var response = await _http.PutAsJsonAsync(new Uri("/api/v1/datasets/hostile/-/tags/long", UriKind.Relative), new { digest = SomeDigest, publisher = new string('x', 300) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("publisher", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await AssertNoTagAsync("long");
    }

    [Theory]
    [InlineData("/api/v1/blocks/missing")]
    [InlineData("/api/v1/blocks/fetch")]
    public async Task ASignatureListOfAMegabyte_Is413(string path)
    {
        var signatures = Enumerable.Range(0, 16_000).Select(i => i.ToString("x64", System.Globalization.CultureInfo.InvariantCulture)).ToList();

        using var response = await _http.PostAsJsonAsync(new Uri(path, UriKind.Relative), new { signatures });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task AGcRequestOfAMegabyte_Is413_AndCollectsNothing()
    {
        using var response = await _http.PostAsync(new Uri("/api/v1/gc", UriKind.Relative), new StringContent($$"""{"grace":"{{new string('1', 1024 * 1024)}}"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    private async Task AssertNoTagAsync(string tag)
    {
        using var response = await _http.GetAsync(new Uri($"/api/v1/datasets/hostile/-/tags/{tag}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
