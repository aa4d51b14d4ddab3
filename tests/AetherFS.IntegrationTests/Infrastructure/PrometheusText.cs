using System.Globalization;
using System.Text.RegularExpressions;

namespace AetherFS.IntegrationTests.Infrastructure;

/// <summary>
/// A scrape of <c>/metrics</c> read as the Prometheus text format: each sample's name, labels and value, and each
/// family's declared type, so tests assert on numbers rather than on strings.
/// </summary>
public sealed partial class PrometheusText
{
    private readonly List<(string Name, IReadOnlyDictionary<string, string> Labels, double Value)> _samples = [];
    private readonly Dictionary<string, string> _types = new(StringComparer.Ordinal);

    public PrometheusText(string text)
    {
        Text = text;
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                _types[parts[2]] = parts[3];
            }
            else if (!line.StartsWith('#') && Sample().Match(line) is { Success: true } match)
            {
                var labels = Label().Matches(match.Groups["labels"].Value).ToDictionary(l => l.Groups["key"].Value, l => l.Groups["value"].Value, StringComparer.Ordinal);
                _samples.Add((match.Groups["name"].Value, labels, double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture)));
            }
        }
    }

    public string Text { get; }

    /// <summary>The families (names in <c># TYPE</c> lines) that start with <paramref name="prefix"/>.</summary>
    public IReadOnlySet<string> Families(string prefix) => _types.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);

    public string? TypeOf(string family) => _types.GetValueOrDefault(family);

    /// <summary>The sum of the samples named <paramref name="name"/> whose labels include <paramref name="labels"/>; 0 when none.</summary>
    public double Sum(string name, params (string Key, string Value)[] labels) =>
        _samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value)).Sum(s => s.Value);

    public bool Has(string name, params (string Key, string Value)[] labels) =>
        _samples.Any(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value));

    public static async Task<PrometheusText> ScrapeAsync(Uri baseUrl, System.Net.Http.Headers.AuthenticationHeaderValue? authorization = null)
    {
        using var http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = authorization;
        using var response = await http.GetAsync(new Uri("/metrics", UriKind.Relative));
        response.EnsureSuccessStatusCode();
        return new PrometheusText(await response.Content.ReadAsStringAsync());
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>\S+)(\s+\d+)?$")]
    private static partial Regex Sample();

    [GeneratedRegex(@"(?<key>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>(?:[^""\\]|\\.)*)""")]
    private static partial Regex Label();
}
