using System.Text.Json;

namespace AetherFS.IntegrationTests.OpenApi;

/// <summary>One operation of the document: a method on a path template, with its parameters resolved.</summary>
public sealed record DocumentedOperation(string Path, string Method, string OperationId, JsonElement Operation, IReadOnlyList<JsonElement> Parameters, ApiDescription Document)
{
    public bool IsFileServer => Path.StartsWith("/fs/", StringComparison.Ordinal);

    /// <summary>Documented for signed-in callers only (its security lists no anonymous <c>{}</c>): an open hub has none.</summary>
    public bool NeedsSignedInCaller =>
        Operation.TryGetProperty("security", out var security) && security.EnumerateArray().All(s => s.EnumerateObject().Any());

    public IEnumerable<int> Statuses => Operation.GetProperty("responses").EnumerateObject().Select(r => int.Parse(r.Name, System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The documented response for a status, resolved; null when the status is not documented.</summary>
    public JsonElement? Response(int status) =>
        Operation.GetProperty("responses").TryGetProperty(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var response) ? Document.Resolve(response) : null;

    public IEnumerable<JsonElement> ParametersIn(string location) => Parameters.Where(p => p.GetProperty("in").GetString() == location);

    /// <summary>The URL a client builds from the template: path parameters substituted as they are (slashes stay literal), then the required query parameters.</summary>
    public string Url(IReadOnlyDictionary<string, string> values)
    {
        var url = Path;
        foreach (var parameter in ParametersIn("path"))
        {
            var name = parameter.GetProperty("name").GetString()!;
            url = url.Replace("{" + name + "}", Value(values, name), StringComparison.Ordinal);
        }

        var query = ParametersIn("query")
            .Where(p => p.TryGetProperty("required", out var required) && required.GetBoolean())
            .Select(p => p.GetProperty("name").GetString()!)
            .Select(name => name + "=" + Uri.EscapeDataString(Value(values, name)))
            .ToList();
        return query.Count == 0 ? url : url + "?" + string.Join('&', query);
    }

    public override string ToString() => $"{Method} {Path} ({OperationId})";

    private string Value(IReadOnlyDictionary<string, string> values, string name) =>
        values.TryGetValue(name, out var value) ? value : throw new KeyNotFoundException($"{this}: the test has no value for parameter '{name}'");
}
