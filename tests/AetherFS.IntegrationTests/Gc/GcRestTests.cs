using System.Net;
using System.Text;
using System.Text.Json;
using AetherFS.IntegrationTests.Infrastructure;

namespace AetherFS.IntegrationTests.Gc;

/// <summary><c>POST /api/v1/gc</c> as other clients call it: without a body, over HTTP/2, with bad input.</summary>
public sealed class GcRestTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task DryRunOverHttp2_DeletesNothing_AndNoBodyMeansTheHubsGrace()
    {
        await using var hub = await HubHost.StartAsync(options: ["--gc-grace", "0s"]);
        TreeBuilder.WriteFile(_temp.Combine("src"), "a.bin", TreeBuilder.RandomBytes(100_000, 1));
        (await Infrastructure.Cli.RunAsync(hub.Environment(), "push", "-t", "rest:v1", _temp.Combine("src"))).AssertSuccess();
        (await Infrastructure.Cli.RunAsync(hub.Environment(), "rm", "rest:v1")).AssertSuccess();
        var before = GcStore.Blocks(hub).Count;
        // HTTP/2 with prior knowledge: the body comes without Content-Length or chunking, and must still be read.
        using var h2 = new HttpClient { BaseAddress = hub.Url, DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact, Timeout = TimeSpan.FromSeconds(60) };
        using var http = new HttpClient { BaseAddress = hub.Url, Timeout = TimeSpan.FromSeconds(60) };

        var dry = await PostAsync(h2, System.Net.Http.Json.JsonContent.Create(new { dryRun = true }));
        Assert.Equal(before, GcStore.Blocks(hub).Count);
        var real = await PostAsync(http, null);

        Assert.True(dry.GetProperty("dryRun").GetBoolean());
        Assert.Equal("0s", dry.GetProperty("grace").GetString());
        Assert.Equal(before, dry.GetProperty("blocks").GetProperty("deleted").GetInt64());
        Assert.False(real.GetProperty("dryRun").GetBoolean());
        Assert.Equal(before, real.GetProperty("blocks").GetProperty("deleted").GetInt64());
        Assert.Empty(GcStore.Blocks(hub));
    }

    [Theory]
    [InlineData("""{"grace":"soon"}""", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("""{"dryRun":"yes"}""", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("dryRun=true", "text/plain", HttpStatusCode.UnsupportedMediaType)]
    public async Task BadRequests_AreProblemsAndCollectNothing(string body, string mediaType, HttpStatusCode status)
    {
        await using var hub = await HubHost.StartAsync();
        using var http = new HttpClient { BaseAddress = hub.Url, Timeout = TimeSpan.FromSeconds(60) };

        using var response = await http.PostAsync(new Uri("/api/v1/gc", UriKind.Relative), new StringContent(body, Encoding.UTF8, mediaType));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(File.Exists(Path.Join(hub.StoragePath, "gc", "last-run")));
    }

    // JsonContent computes no length: over HTTP/2 the hub sees neither Content-Length nor chunking.
    private static async Task<JsonElement> PostAsync(HttpClient http, HttpContent? body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/gc") { Content = body, Version = http.DefaultRequestVersion, VersionPolicy = http.DefaultVersionPolicy };
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        Assert.Equal(request.Version, response.Version);
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
