using System.Text.Json;
using System.Text.RegularExpressions;
using AetherFS.IntegrationTests.Infrastructure;

namespace AetherFS.IntegrationTests.Metrics;

/// <summary>The Grafana dashboard in deploy/grafana queries only metrics the hub and the agent export, and each of them is documented.</summary>
public sealed partial class DashboardTests
{
    private static readonly string Dashboard = Path.Join(RepositoryPaths.Root, "deploy", "grafana", "aetherfs.json");

    [Fact]
    public void Dashboard_QueriesOnlyExportedMetrics()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Dashboard));
        var queried = Expressions(json.RootElement)
            .SelectMany(e => MetricName().Matches(e).Select(m => Family(m.Value)))
            .ToHashSet(StringComparer.Ordinal);

        Assert.NotEmpty(queried);
        Assert.Empty(queried.Except(MetricNames.Hub.Concat(MetricNames.Agent)));
    }

    [Fact]
    public void EveryMetric_IsInTheDocsTable()
    {
        var docs = File.ReadAllText(Path.Join(RepositoryPaths.Root, "docs", "metrics.md"));

        Assert.All(MetricNames.Hub.Concat(MetricNames.Agent), name => Assert.Contains($"`{name}`", docs, StringComparison.Ordinal));
    }

    private static IEnumerable<string> Expressions(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name == "expr" && property.Value.ValueKind == JsonValueKind.String)
                    {
                        yield return property.Value.GetString()!;
                    }
                    else
                    {
                        foreach (var nested in Expressions(property.Value))
                        {
                            yield return nested;
                        }
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    foreach (var nested in Expressions(item))
                    {
                        yield return nested;
                    }
                }

                break;
        }
    }

    // A histogram is queried through its series (_bucket, _sum, _count); the family is the name without them.
    private static string Family(string series) => HistogramSeries().Replace(series, string.Empty);

    [GeneratedRegex("aetherfs_[a-z_]+")]
    private static partial Regex MetricName();

    [GeneratedRegex("_(bucket|sum|count)$")]
    private static partial Regex HistogramSeries();
}
