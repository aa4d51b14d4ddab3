using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AetherFS.IntegrationTests.Infrastructure;

namespace AetherFS.IntegrationTests.Api;

/// <summary>The hub's REST API under /api/v1, spoken directly over HTTP.</summary>
public sealed class RestApiTests : IClassFixture<HubFixture>, IDisposable
{
    private readonly HubHost _hub;
    private readonly HttpClient _http;

    public RestApiTests(HubFixture fixture)
    {
        _hub = fixture.Hub;
        _http = new HttpClient { BaseAddress = _hub.Url, Timeout = TimeSpan.FromSeconds(30) };
    }

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task Healthz_Answers()
    {
        using var response = await _http.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Block_PutHeadGetAndRange()
    {
        var data = TreeBuilder.RandomBytes(5000, 40);
        var signature = Signature(data);

        using (var put = await _http.PutAsync(new Uri($"/api/v1/blocks/{signature}", UriKind.Relative), new ByteArrayContent(data)))
        {
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        }

        using (var head = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/api/v1/blocks/{signature}")))
        {
            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
            Assert.Equal(5000, head.Content.Headers.ContentLength);
        }

        Assert.Equal(data, await _http.GetByteArrayAsync(new Uri($"/api/v1/blocks/{signature}", UriKind.Relative)));

        using var ranged = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/blocks/{signature}");
        ranged.Headers.Range = new RangeHeaderValue(100, 199);
        using var partial = await _http.SendAsync(ranged);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal("bytes 100-199/5000", partial.Content.Headers.ContentRange!.ToString());
        Assert.Equal(data[100..200], await partial.Content.ReadAsByteArrayAsync());

        using var suffix = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/blocks/{signature}");
        suffix.Headers.Range = new RangeHeaderValue(null, 10);
        using var tail = await _http.SendAsync(suffix);
        Assert.Equal(data[^10..], await tail.Content.ReadAsByteArrayAsync());

        using var outside = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/blocks/{signature}");
        outside.Headers.Range = new RangeHeaderValue(6000, null);
        using var unsatisfiable = await _http.SendAsync(outside);
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, unsatisfiable.StatusCode);
        Assert.Equal("bytes */5000", unsatisfiable.Content.Headers.ContentRange!.ToString());
    }

    [Fact]
    public async Task Block_UploadWhoseBytesDoNotMatch_IsRejectedAndNotStored()
    {
        var signature = Signature("the real bytes"u8.ToArray());

        using var put = await _http.PutAsync(new Uri($"/api/v1/blocks/{signature}", UriKind.Relative), new ByteArrayContent("other bytes"u8.ToArray()));

        await AssertProblemAsync(put, HttpStatusCode.BadRequest, "do not match");
        using var head = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/api/v1/blocks/{signature}"));
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
    }

    [Fact]
    public async Task Block_TruncatedUpload_StoresNothing()
    {
        var data = TreeBuilder.RandomBytes(100_000, 41);
        var signature = Signature(data);
        using (var client = new System.Net.Sockets.TcpClient())
        {
            await client.ConnectAsync(IPAddress.Loopback, _hub.Port);
            var stream = client.GetStream();
            var head = $"PUT /api/v1/blocks/{signature} HTTP/1.1\r\nHost: localhost\r\nContent-Length: {data.Length}\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
            await stream.WriteAsync(data.AsMemory(0, 50_000));
            await stream.FlushAsync();
        }

        // The hub has finished with the cut-off request (ASP.NET logs its end) before the store is looked at.
        await Eventually.HoldsAsync(
            () => Task.FromResult(_hub.Output.Split('\n').Any(line => line.Contains("Request finished HTTP/1.1 PUT", StringComparison.Ordinal) && line.Contains(signature, StringComparison.Ordinal))),
            "the hub to finish the truncated upload",
            () => _hub.Output);
        using var check = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/api/v1/blocks/{signature}"));
        Assert.Equal(HttpStatusCode.NotFound, check.StatusCode);
    }

    [Fact]
    public async Task Block_InvalidSignature_IsProblemDetails()
    {
        using var response = await _http.GetAsync(new Uri("/api/v1/blocks/not-a-signature", UriKind.Relative));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "invalid block signature");
    }

    [Fact]
    public async Task MissingBlocks_ReturnsOnlyTheAbsentOnes()
    {
        var present = TreeBuilder.RandomBytes(100, 42);
        using (await _http.PutAsync(new Uri($"/api/v1/blocks/{Signature(present)}", UriKind.Relative), new ByteArrayContent(present)))
        {
        }

        var absent = Signature("never uploaded"u8.ToArray());
        using var response = await _http.PostAsJsonAsync(new Uri("/api/v1/blocks/missing", UriKind.Relative), new { signatures = new[] { Signature(present), absent } });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal([absent], body.GetProperty("missing").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Manifest_ReferencingMissingBlocks_IsRefusedAndNamesThem()
    {
        var missing = Signature("nowhere"u8.ToArray());
        var manifest = $$"""{"schemaVersion":1,"chunking":{"algorithm":"fixed","blockSize":4194304},"entries":[{"path":"a.txt","type":"file","size":7,"mode":420,"mtime":"2024-01-01T00:00:00.0000000Z"}],"blocks":[{"sig":"{{missing}}","size":7}]}""";
        var bytes = Encoding.UTF8.GetBytes(manifest);
        var digest = "sha256:" + Signature(bytes);

        using var response = await _http.PutAsync(new Uri($"/api/v1/manifests/{digest}", UriKind.Relative), new ByteArrayContent(bytes));

        var problem = await AssertProblemAsync(response, HttpStatusCode.Conflict, missing);
        Assert.Equal([missing], problem.GetProperty("missingBlocks").EnumerateArray().Select(e => e.GetString()));
        using var get = await _http.GetAsync(new Uri($"/api/v1/manifests/{digest}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    [Fact]
    public async Task Manifest_WithHostilePath_IsRefused()
    {
        var manifest = """{"schemaVersion":1,"chunking":{"algorithm":"fixed","blockSize":4194304},"entries":[{"path":"../etc/passwd","type":"file","size":0,"mode":420,"mtime":"2024-01-01T00:00:00.0000000Z"}],"blocks":[]}""";
        var bytes = Encoding.UTF8.GetBytes(manifest);

        using var response = await _http.PutAsync(new Uri($"/api/v1/manifests/sha256:{Signature(bytes)}", UriKind.Relative), new ByteArrayContent(bytes));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "hostile");
    }

    [Fact]
    public async Task Manifest_WithWrongDigest_IsRefused()
    {
        var bytes = """{"schemaVersion":1}"""u8.ToArray();

        using var response = await _http.PutAsync(new Uri($"/api/v1/manifests/sha256:{new string('0', 64)}", UriKind.Relative), new ByteArrayContent(bytes));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "hash to");
    }

    [Fact]
    public async Task Tag_PointingAtUnknownManifest_IsRefused()
    {
        using var response = await _http.PutAsJsonAsync(new Uri("/api/v1/datasets/api-test/-/tags/v1", UriKind.Relative), new { digest = "sha256:" + new string('a', 64) });

        await AssertProblemAsync(response, HttpStatusCode.Conflict, "not on the hub");
    }

    [Fact]
    public async Task Datasets_ArePagedWithACursor()
    {
        var source = Directory.CreateTempSubdirectory().FullName;
        TreeBuilder.WriteFile(source, "x", "x"u8.ToArray());
        var env = _hub.Environment();
        foreach (var name in new[] { "page/a", "page/b", "page/c" })
        {
            (await Infrastructure.Cli.RunAsync(env, "push", "-t", name + ":v1", source)).AssertSuccess();
        }

        var names = new List<string>();
        string? after = "page/";
        do
        {
            var page = await _http.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/datasets?limit=1&after={Uri.EscapeDataString(after)}", UriKind.Relative));
            names.AddRange(page.GetProperty("datasets").EnumerateArray().Select(d => d.GetProperty("name").GetString()!).Where(n => n.StartsWith("page/", StringComparison.Ordinal)));
            after = page.TryGetProperty("next", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (after is not null && after.StartsWith("page/", StringComparison.Ordinal));

        Assert.Equal(["page/a", "page/b", "page/c"], names);
        Directory.Delete(source, recursive: true);
    }

    [Fact]
    public async Task ManifestLookup_ByTagAndByDigest_ReturnTheSameBytes()
    {
        var source = Directory.CreateTempSubdirectory().FullName;
        TreeBuilder.WriteFile(source, "x", "lookup"u8.ToArray());
        var push = (await Infrastructure.Cli.RunAsync(_hub.Environment(), "push", "-t", "lookup/ds:v1", "--json", source)).AssertSuccess().Json();
        var digest = push.GetProperty("digest").GetString()!;

        using var byTag = await _http.GetAsync(new Uri("/api/v1/datasets/lookup/ds/-/manifests/v1", UriKind.Relative));
        var byDigest = await _http.GetByteArrayAsync(new Uri($"/api/v1/manifests/{digest}", UriKind.Relative));

        Assert.Equal(digest, byTag.Headers.GetValues("AetherFS-Manifest-Digest").Single());
        Assert.Equal(byDigest, await byTag.Content.ReadAsByteArrayAsync());
        Assert.Equal(digest, "sha256:" + Signature(byDigest));
        Directory.Delete(source, recursive: true);
    }

    [Fact]
    public async Task Tag_WithIfNoneMatchStar_IsCreatedButNeverMoved()
    {
        var digests = new List<string>();
        foreach (var content in new[] { "one", "two" })
        {
            var source = Directory.CreateTempSubdirectory().FullName;
            TreeBuilder.WriteFile(source, "x", System.Text.Encoding.UTF8.GetBytes(content));
            var push = (await Infrastructure.Cli.RunAsync(_hub.Environment(), "push", "-t", $"create-only/ds:{content}", "--json", source)).AssertSuccess().Json();
            digests.Add(push.GetProperty("digest").GetString()!);
            Directory.Delete(source, recursive: true);
        }

        async Task<HttpResponseMessage> PutAsync(string digest)
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, "/api/v1/datasets/create-only/ds/-/tags/v1") { Content = JsonContent.Create(new { digest }) };
            request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Any);
            return await _http.SendAsync(request);
        }

        using (var created = await PutAsync(digests[0]))
        {
            Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        }

        using (var again = await PutAsync(digests[0]))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }

        using (var moved = await PutAsync(digests[1]))
        {
            await AssertProblemAsync(moved, HttpStatusCode.PreconditionFailed, "already points at");
        }

        var tag = await _http.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/datasets/create-only/ds/-/tags/v1", UriKind.Relative));
        Assert.Equal(digests[0], tag.GetProperty("digest").GetString());
    }

    [Fact]
    public async Task Watch_StreamsTheCurrentVersionAsServerSentEvents()
    {
        var source = Directory.CreateTempSubdirectory().FullName;
        TreeBuilder.WriteFile(source, "x", "watch"u8.ToArray());
        var push = (await Infrastructure.Cli.RunAsync(_hub.Environment(), "push", "-t", "watch/ds:v1", "--json", source)).AssertSuccess().Json();
        Directory.Delete(source, recursive: true);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        using var response = await _http.GetAsync(new Uri("/api/v1/datasets/watch/ds/-/watch?tag=v1", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token));

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("event: tag", await reader.ReadLineAsync(cancel.Token));
        var data = await reader.ReadLineAsync(cancel.Token);
        Assert.Contains(push.GetProperty("digest").GetString()!, data, StringComparison.Ordinal);
    }

    private static string Signature(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string detailContains)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.Contains(detailContains, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        return problem;
    }
}
