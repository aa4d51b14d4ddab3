using System.Text.Json;

namespace AetherFS.IntegrationTests.OpenApi;

/// <summary>The hub's OpenAPI document read as plain JSON: its operations, and <c>$ref</c> resolution.</summary>
public sealed class ApiDescription
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "head", "patch", "options", "trace"];

    private ApiDescription(JsonElement root)
    {
        Root = root;
        var operations = new List<DocumentedOperation>();
        foreach (var path in root.GetProperty("paths").EnumerateObject())
        {
            var shared = path.Value.TryGetProperty("parameters", out var list) ? list.EnumerateArray().Select(Resolve).ToList() : [];
            foreach (var method in Methods.Where(m => path.Value.TryGetProperty(m, out _)))
            {
                var operation = path.Value.GetProperty(method);
                var own = operation.TryGetProperty("parameters", out var ownList) ? ownList.EnumerateArray().Select(Resolve).ToList() : [];
                var parameters = own.Concat(shared.Where(s => !own.Any(o => SameParameter(o, s)))).ToList();
                operations.Add(new DocumentedOperation(path.Name, method.ToUpperInvariant(), operation.GetProperty("operationId").GetString()!, operation, parameters, this));
            }
        }

        Operations = operations;
    }

    public JsonElement Root { get; }

    public IReadOnlyList<DocumentedOperation> Operations { get; }

    public static ApiDescription Parse(byte[] json) => new(JsonDocument.Parse(json).RootElement.Clone());

    public static async Task<ApiDescription> FetchAsync(HttpClient http, CancellationToken cancellationToken) =>
        Parse(await http.GetByteArrayAsync(new Uri("/openapi/v1.json", UriKind.Relative), cancellationToken));

    /// <summary>Follows <c>$ref</c> (local references only) until an element without one.</summary>
    public JsonElement Resolve(JsonElement element)
    {
        while (element.ValueKind == JsonValueKind.Object && element.TryGetProperty("$ref", out var reference))
        {
            element = At(reference.GetString()!);
        }

        return element;
    }

    /// <summary>The element a local JSON pointer (<c>#/components/schemas/X</c>) names; throws if there is none.</summary>
    public JsonElement At(string reference)
    {
        if (!reference.StartsWith("#/", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"only local references are expected: {reference}");
        }

        var element = Root;
        foreach (var token in reference[2..].Split('/'))
        {
            var name = token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (!element.TryGetProperty(name, out element))
            {
                throw new KeyNotFoundException($"{reference} names nothing in the document");
            }
        }

        return element;
    }

    private static bool SameParameter(JsonElement a, JsonElement b) =>
        a.GetProperty("name").GetString() == b.GetProperty("name").GetString() && a.GetProperty("in").GetString() == b.GetProperty("in").GetString();
}
