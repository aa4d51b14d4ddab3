using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace AetherFS.IntegrationTests.OpenApi;

/// <summary>
/// Every documented operation, called on a live hub as the document says (path and required parameters filled
/// with a dataset that exists), succeeds with a documented status, media type, schema and headers.
/// </summary>
[Collection(OpenApiCollection.Name)]
public sealed class OperationProbeTests
{
    private readonly OpenApiHubFixture _fixture;

    public OperationProbeTests(OpenApiHubFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task EveryDocumentedOperation_SucceedsAsDocumented()
    {
        var checker = new SchemaChecker(_fixture.Document);
        var failures = new List<string>();
        var probed = 0;
        // DELETE last: the other operations need the tag it removes.
        foreach (var operation in _fixture.Document.Operations.OrderBy(o => o.Method == "DELETE"))
        {
            if (operation.IsFileServer && !_fixture.Routes.MapsFileServer)
            {
                continue;
            }

            // API tokens belong to signed-in users, which this open hub has none of: Security/ApiTokenTests calls them.
            if (operation.NeedsSignedInCaller)
            {
                continue;
            }

            if (operation.Method == "DELETE")
            {
                // Each DELETE finds the dataset whole again: one removes a tag, another the version holding it.
                await ProbeDataset.PublishAsync(_fixture.Http, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
            }

            probed++;
            failures.AddRange((await ProbeAsync(operation, checker)).Select(f => $"{operation}: {f}"));
        }

        await ProbeDataset.PublishAsync(_fixture.Http, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        // The REST API's 22 operations, and the file server's once the build maps it.
        Assert.True(probed >= 22, $"only {probed} operations probed");
    }

    [Fact]
    public async Task Problems_MatchTheirDocumentedSchemas()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var checker = new SchemaChecker(_fixture.Document);
        var values = _fixture.Dataset.ParameterValues;
        var missingBlock = new string('0', 64);
        var manifest = System.Text.Encoding.UTF8.GetBytes(
            $$"""{"schemaVersion":1,"chunking":{"algorithm":"fixed","blockSize":4194304},"entries":[{"path":"a","type":"file","size":3,"mode":420,"mtime":"2024-01-01T00:00:00.0000000Z"}],"blocks":[{"sig":"{{missingBlock}}","size":3}]}""");
        var digest = Core.References.Digest.Compute(manifest);
        (string OperationId, HttpRequestMessage Request, HttpStatusCode Status)[] cases =
        [
            ("getTag", new(HttpMethod.Get, Operation("getTag").Url(new Dictionary<string, string>(values) { ["tag"] = "absent" })), HttpStatusCode.NotFound),
            ("getBlock", new(HttpMethod.Get, Operation("getBlock").Url(new Dictionary<string, string>(values) { ["signature"] = "not-hex" })), HttpStatusCode.BadRequest),
            ("putManifest", new(HttpMethod.Put, Operation("putManifest").Url(new Dictionary<string, string>(values) { ["digest"] = digest })) { Content = new ByteArrayContent(manifest) }, HttpStatusCode.Conflict),
            ("putTag", new(HttpMethod.Put, Operation("putTag").Url(values)) { Content = JsonContent.Create(new { digest = "sha256:" + new string('1', 64) }) }, HttpStatusCode.Conflict),
        ];

        foreach (var (operationId, request, status) in cases)
        {
            using (request)
            {
                using var response = await _fixture.Http.SendAsync(request, timeout.Token);
                Assert.Equal(status, response.StatusCode);
                var schema = Operation(operationId).Response((int)status)!.Value.GetProperty("content").GetProperty("application/problem+json").GetProperty("schema");
                using var body = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(timeout.Token));
                Assert.Empty(checker.Check(body.RootElement, schema));
            }
        }
    }

    private DocumentedOperation Operation(string operationId) => _fixture.Document.Operations.Single(o => o.OperationId == operationId);

    private async Task<List<string>> ProbeAsync(DocumentedOperation operation, SchemaChecker checker)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var failures = new List<string>();
        using var request = new HttpRequestMessage(new HttpMethod(operation.Method), operation.Url(_fixture.Dataset.ParameterValues))
        {
            Content = _fixture.Dataset.BodyFor(operation.OperationId),
        };
        if (operation.Operation.TryGetProperty("requestBody", out var body) && _fixture.Document.Resolve(body).GetProperty("required").GetBoolean() && request.Content is null)
        {
            return [$"the test has no request body for {operation.OperationId}"];
        }

        // Headers first: the watch stream never ends.
        using var response = await _fixture.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        var status = (int)response.StatusCode;
        if (status is 404 or 405 || status >= 300)
        {
            return [$"answered {status}: {await ReadStartAsync(response, timeout.Token)}"];
        }

        if (operation.Response(status) is not { } documented)
        {
            return [$"answered {status}, which is not documented"];
        }

        foreach (var header in documented.TryGetProperty("headers", out var headers) ? headers.EnumerateObject() : default)
        {
            // TryGetValues, not Contains: Contains throws for a content header asked of the response headers.
            if (!response.Headers.TryGetValues(header.Name, out _) && !response.Content.Headers.TryGetValues(header.Name, out _))
            {
                failures.Add($"{status} lacks the documented header {header.Name}");
            }
        }

        if (operation.Method == "HEAD" || !documented.TryGetProperty("content", out var content))
        {
            return failures;
        }

        var mediaType = response.Content.Headers.ContentType?.MediaType ?? string.Empty;
        // "*/*" documents a body whose media type varies (a dataset file's follows its extension).
        if (!content.TryGetProperty(mediaType, out var media) && !content.TryGetProperty("*/*", out media))
        {
            failures.Add($"{status} answered {mediaType}, not a documented media type");
        }
        else if (mediaType == "application/json" || mediaType.EndsWith("+json", StringComparison.Ordinal))
        {
            using var json = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(timeout.Token));
            failures.AddRange(checker.Check(json.RootElement, media.GetProperty("schema")).Select(e => $"{status} body: {e}"));
        }

        return failures;
    }

    private static async Task<string> ReadStartAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return text.Length > 300 ? text[..300] : text;
    }
}
