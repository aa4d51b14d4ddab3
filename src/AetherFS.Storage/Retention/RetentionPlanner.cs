using AetherFS.Core.Datasets;
using AetherFS.Core.Units;

namespace AetherFS.Storage.Retention;

/// <summary>Decides which tags of one dataset a retention policy removes. Pure: no I/O, the time is given.</summary>
public static class RetentionPlanner
{
    /// <summary>
    /// The unprotected tags, newest first (publish time, then name), lose those past the first
    /// <see cref="RetentionPolicy.KeepLast"/> and those older than <see cref="RetentionPolicy.MaxAge"/>.
    /// Each rule removes on its own: a dataset untouched for longer than maxAge keeps only its protected tags.
    /// </summary>
    public static IReadOnlyList<ExpiredTag> Plan(RetentionPolicy policy, IEnumerable<(string Tag, TagRecord Record)> tags, DateTime now)
    {
        var candidates = tags
            .Where(t => !policy.IsProtected(t.Tag))
            .OrderByDescending(t => t.Record.PublishedAt)
            .ThenBy(t => t.Tag, StringComparer.Ordinal)
            .ToList();
        var expired = new List<ExpiredTag>();
        for (var rank = 0; rank < candidates.Count; rank++)
        {
            var (tag, record) = candidates[rank];
            string? reason = null;
            if (policy.KeepLast is { } keep && rank >= keep)
            {
                reason = $"not among the newest {keep}";
            }
            else if (policy.MaxAge is { } maxAge && now - record.PublishedAt > maxAge)
            {
                reason = $"older than {Duration.Format(maxAge)}";
            }

            if (reason is not null)
            {
                expired.Add(new ExpiredTag(tag, record.Digest, record.PublishedAt, reason));
            }
        }

        return expired;
    }
}
