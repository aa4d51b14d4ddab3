using AetherFS.Core.Datasets;
using AetherFS.Core.Manifests;
using AetherFS.Hub.Application;

namespace AetherFS.Hub.Ui;

/// <summary>
/// A dataset's versions in the order they appeared, for the history chart. The hub keeps no tag history, so the
/// versions are those the tags point at now, ordered by the first publish time of each, each compared with the
/// one before it.
/// </summary>
internal static class VersionHistory
{
    /// <summary>The most versions shown: the latest ones, so a page costs a bounded number of comparisons.</summary>
    public const int MaxVersions = 30;

    public static async Task<IReadOnlyList<VersionPoint>> BuildAsync(IEnumerable<(string Tag, TagRecord Record, ManifestIndex? Version)> tags, TransferCalculator transfers, CancellationToken cancellationToken)
    {
        var versions = tags
            .Where(t => t.Version is not null)
            .GroupBy(t => t.Record.Digest, StringComparer.Ordinal)
            .Select(g => (Digest: g.Key, Tags: g.OrderBy(t => t.Record.PublishedAt).Select(t => t.Tag).ToList(), PublishedAt: g.Min(t => t.Record.PublishedAt), g.First().Version!.Manifest))
            .OrderBy(v => v.PublishedAt)
            .ThenBy(v => v.Digest, StringComparer.Ordinal)
            .ToList();
        var first = Math.Max(0, versions.Count - MaxVersions);
        var points = new List<VersionPoint>(versions.Count - first);
        for (var i = first; i < versions.Count; i++)
        {
            var (digest, names, publishedAt, manifest) = versions[i];
            var previous = i == 0 ? ((string?)null, (Manifest?)null) : (versions[i - 1].Digest, versions[i - 1].Manifest);
            var transfer = await transfers.ComputeAsync(digest, manifest, previous.Item1, previous.Item2, cancellationToken);
            points.Add(new VersionPoint(names, digest, publishedAt, manifest.TotalSize, transfer.NewBytes, transfer.NewSentBytes));
        }

        return points;
    }
}
