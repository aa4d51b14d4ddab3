using System.Text.Json;
using AetherFS.Storage.Datasets;

namespace AetherFS.Hub.GarbageCollection;

/// <summary>The roots of the mark: the manifest digest of every tag of every dataset, each with one tag naming it (for messages).</summary>
internal static class TagRoots
{
    /// <param name="excluded">Tags to pass over: those a dry run's retention would have deleted.</param>
    public static async Task<Dictionary<string, string>> ReadAsync(DatasetStore datasets, IReadOnlySet<(string Name, string Tag)> excluded, CancellationToken cancellationToken)
    {
        var roots = new Dictionary<string, string>(StringComparer.Ordinal);
        var names = await datasets.ListDatasetsAsync(null, int.MaxValue, cancellationToken);
        foreach (var name in names)
        {
            try
            {
                await foreach (var (tag, record) in datasets.ListTagsAsync(name, cancellationToken))
                {
                    if (!excluded.Contains((name, tag)))
                    {
                        roots.TryAdd(record.Digest ?? throw new JsonException($"tag '{name}:{tag}' names no digest"), $"{name}:{tag}");
                    }
                }
            }
            catch (Exception e) when (e is JsonException or NotSupportedException)
            {
                throw new GcAbortedException($"a tag of '{name}' does not read: {e.Message}", e);
            }
        }

        return roots;
    }
}
