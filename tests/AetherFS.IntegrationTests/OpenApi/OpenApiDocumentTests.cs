using System.Net;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using AetherFS.Core.Manifests;
using AetherFS.Protocol.Rest;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace AetherFS.IntegrationTests.OpenApi;

/// <summary>The OpenAPI document at /openapi/v1.json: served, well formed, and describing the records the hub really sends.</summary>
[Collection(OpenApiCollection.Name)]
public sealed class OpenApiDocumentTests
{
    private readonly OpenApiHubFixture _fixture;

    public OpenApiDocumentTests(OpenApiHubFixture fixture) => _fixture = fixture;

    private ApiDescription Document => _fixture.Document;

    [Fact]
    public async Task Document_IsServedAsJsonAndStampedWithTheHubsVersion()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await _fixture.Http.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative), timeout.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Headers.ETag);
        var version = typeof(Hub.HubApplication).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];
        Assert.Equal(version, Document.Root.GetProperty("info").GetProperty("version").GetString());

        using var again = new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json");
        again.Headers.IfNoneMatch.Add(response.Headers.ETag);
        using var notModified = await _fixture.Http.SendAsync(again, timeout.Token);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
    }

    [Fact]
    public async Task Document_ReadsAsOpenApi31WithoutErrors()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var json = await _fixture.Http.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative), timeout.Token);

        var read = OpenApiDocument.Parse(json, OpenApiConstants.Json);

        Assert.Empty(read.Diagnostic!.Errors.Select(e => e.ToString()));
        Assert.Equal(OpenApiSpecVersion.OpenApi3_1, read.Diagnostic.SpecificationVersion);
        var document = read.Document!;
        Assert.Empty(document.Validate(ValidationRuleSet.GetDefaultRuleSet())!.Select(e => e.ToString()));
        var operations = document.Paths.Values.Sum(path => path.Operations?.Count ?? 0);
        Assert.Equal(Document.Operations.Count, operations);
    }

    [Fact]
    public void Document_EveryReferenceResolves()
    {
        var references = new List<string>();
        Collect(Document.Root, references);

        Assert.NotEmpty(references);
        foreach (var reference in references)
        {
            Document.At(reference);
        }

        static void Collect(JsonElement element, List<string> into)
        {
            if (element.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name == "$ref")
                    {
                        into.Add(property.Value.GetString()!);
                    }
                    else
                    {
                        Collect(property.Value, into);
                    }
                }
            }
            else if (element.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, into);
                }
            }
        }
    }

    [Fact]
    public void Operations_HaveUniqueIdsAndAnswerErrorsAsProblemDetails()
    {
        Assert.Equal(Document.Operations.Count, Document.Operations.Select(o => o.OperationId).Distinct().Count());
        foreach (var operation in Document.Operations)
        {
            Assert.Contains(operation.Statuses, s => s is >= 200 and < 300);
            foreach (var status in operation.Statuses.Where(s => s >= 400))
            {
                // HEAD answers have no body to describe.
                if (operation.Response(status)!.Value.TryGetProperty("content", out var content))
                {
                    Assert.True(content.TryGetProperty("application/problem+json", out _), $"{operation} {status} is not application/problem+json");
                }
            }
        }
    }

    [Fact]
    public void NameAndPathParameters_SayTheirSlashesAreLiteral()
    {
        var parameters = Document.Operations.SelectMany(o => o.ParametersIn("path"))
            .Where(p => p.GetProperty("name").GetString() is "name" or "path")
            .ToList();

        Assert.NotEmpty(parameters);
        foreach (var parameter in parameters)
        {
            Assert.True(parameter.GetProperty("allowReserved").GetBoolean());
            Assert.Contains("slashes are sent literally", parameter.GetProperty("description").GetString(), StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void Schemas_DescribeEveryPropertyOfTheProtocolRecords()
    {
        var records = typeof(ProtocolJsonContext).CustomAttributes
            .Where(a => a.AttributeType == typeof(JsonSerializableAttribute))
            .Select(a => (Type)a.ConstructorArguments[0].Value!)
            .Where(t => t.Namespace == typeof(ProtocolJsonContext).Namespace)
            .ToList();
        var schemas = Document.Root.GetProperty("components").GetProperty("schemas");
        var nullability = new NullabilityInfoContext();

        Assert.NotEmpty(records);
        foreach (var record in records)
        {
            Assert.True(schemas.TryGetProperty(record.Name, out var schema), $"no schema named {record.Name}");
            var info = ProtocolJsonContext.Default.GetTypeInfo(record)!;
            var properties = schema.GetProperty("properties");
            Assert.Equal(info.Properties.Select(p => p.Name).Order(), properties.EnumerateObject().Select(p => p.Name).Order());

            var required = schema.GetProperty("required").EnumerateArray().Select(r => r.GetString()!).ToHashSet();
            foreach (var property in info.Properties)
            {
                var optional = nullability.Create((PropertyInfo)property.AttributeProvider!).ReadState == NullabilityState.Nullable;
                Assert.True(optional != required.Contains(property.Name), $"{record.Name}.{property.Name}: required in the schema must mean non-nullable in the record");
                var types = SchemaChecker.Types(Document.Resolve(properties.GetProperty(property.Name)).GetProperty("type"));
                // The hub writes null for an absent optional, so nullable in the record means "null" in the schema.
                Assert.Equal(optional ? [JsonType(property.PropertyType), "null"] : [JsonType(property.PropertyType)], types);
            }
        }
    }

    [Fact]
    public void ManifestSchema_AcceptsWhatTheSerializerWrites()
    {
        var checker = new SchemaChecker(Document);
        var schema = Document.At("#/components/schemas/Manifest");
        var when = new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc).AddTicks(1234567);
        var sig = new string('a', 64);
        Manifest[] manifests =
        [
            new(ChunkingParameters.Default,
                [
                    new ManifestEntry("a", EntryType.Directory, 0, 0x1ED, when),
                    new ManifestEntry("a/b.csv", EntryType.File, 5, 0x1A4, when, Sha256: new string('b', 64)),
                    new ManifestEntry("latest", EntryType.Symlink, 0, 0x1FF, when, Target: "a/b.csv"),
                ],
                [new BlockRef(sig, 5)]),
            new(ChunkingParameters.FixedSize(ChunkingParameters.DefaultBlockSize), [new ManifestEntry("empty", EntryType.File, 0, 0x1A4, when)], []),
        ];

        foreach (var manifest in manifests)
        {
            using var json = JsonDocument.Parse(ManifestSerializer.ToCanonicalBytes(manifest));
            Assert.Empty(checker.Check(json.RootElement, schema));
        }
    }

    private static string JsonType(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(string) || t == typeof(DateTime) || t == typeof(DateTimeOffset) => "string",
        var t when t == typeof(int) || t == typeof(long) => "integer",
        var t when t == typeof(bool) => "boolean",
        var t when t.IsGenericType && t.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) => "array",
        _ => "object",
    };
}
