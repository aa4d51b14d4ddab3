using AetherFS.Core.Units;
using AetherFS.Hub.Application;
using AetherFS.Protocol.Errors;
using AetherFS.Protocol.Rest;
using AetherFS.Storage.Datasets;

namespace AetherFS.Hub.Usage;

/// <summary>
/// A dataset's stats over a period: the usage objects of every hub on the store summed per tag and per UTC day,
/// stale tags (current, never pulled in the period), and what its versions hold (<see cref="DatasetStorage"/>).
/// </summary>
internal sealed class DatasetStatsQuery
{
    public static readonly TimeSpan DefaultPeriod = TimeSpan.FromDays(30);

    public static readonly TimeSpan MaxPeriod = TimeSpan.FromDays(3660);

    private readonly DatasetStore _datasets;
    private readonly UsageStore _usage;
    private readonly DatasetStorage _storage;
    private readonly TimeProvider _time;

    public DatasetStatsQuery(DatasetStore datasets, UsageStore usage, DatasetStorage storage, TimeProvider time)
    {
        _datasets = datasets;
        _usage = usage;
        _storage = storage;
        _time = time;
    }

    /// <param name="since">How far back, as a duration ("30d", "12h"); null for <see cref="DefaultPeriod"/>.</param>
    /// <param name="measureStorage">
    /// Whether to measure what versions hold, which reads every tagged manifest of the store; without it (the UI's
    /// usage section) storage figures are zero.
    /// </param>
    public async Task<Outcome<DatasetStatsResponse>> GetAsync(string name, string? since, bool measureStorage, CancellationToken cancellationToken)
    {
        if (Inputs.Name(name) is { } invalid)
        {
            return invalid;
        }

        var period = DefaultPeriod;
        if (since is not null && (!Duration.TryParse(since, out period) || period <= TimeSpan.Zero || period > MaxPeriod))
        {
            return ApiError.Invalid($"invalid since '{since}': give a duration from 1h to {MaxPeriod.TotalDays:0}d, such as 30d or 12h");
        }

        var tags = new List<(string Tag, string Digest)>();
        await foreach (var (tag, record) in _datasets.ListTagsAsync(name, cancellationToken))
        {
            tags.Add((tag, record.Digest));
        }

        if (tags.Count == 0)
        {
            return ApiError.NotFound($"dataset '{name}' not found");
        }

        var until = _time.GetUtcNow();
        var from = UsageRecorder.HourOf(until - period);
        var all = new UsageTotals();
        var references = new Dictionary<string, UsageTotals>(StringComparer.Ordinal);
        var days = new SortedDictionary<string, (UsageTotals Totals, Dictionary<string, long> ByTag)>(StringComparer.Ordinal);
        await foreach (var record in _usage.ReadAsync(name, from, cancellationToken))
        {
            var day = record.Hour.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            if (!days.TryGetValue(day, out var daily))
            {
                days[day] = daily = (new UsageTotals(), new Dictionary<string, long>(StringComparer.Ordinal));
            }

            foreach (var (reference, usage) in record.References)
            {
                all.Add(usage, record.ClientsCapped);
                daily.Totals.Add(usage, record.ClientsCapped);
                daily.ByTag[reference] = daily.ByTag.GetValueOrDefault(reference) + usage.Pulls;
                if (!references.TryGetValue(reference, out var totals))
                {
                    references[reference] = totals = new UsageTotals();
                }

                totals.Add(usage, record.ClientsCapped);
            }
        }

        var digests = tags.Select(t => t.Digest).Distinct(StringComparer.Ordinal).ToList();
        var (storage, versions) = measureStorage
            ? await _storage.MeasureAsync(name, digests, cancellationToken)
            : (new StorageStats(digests.Count, 0, 0, 0), new Dictionary<string, (long Unique, long Freed)>());
        var tagStats = tags.Select(t =>
        {
            var used = references.GetValueOrDefault(t.Tag) ?? new UsageTotals();
            var sharesVersion = tags.Count(o => o.Digest == t.Digest) > 1;
            var (unique, freed) = versions.GetValueOrDefault(t.Digest);
            return new TagStats(t.Tag, t.Digest, used.Pulls, used.Clients.Count, used.BytesServed, unique, sharesVersion ? 0 : freed, used.Pulls == 0);
        }).ToList();
        var current = tags.Select(t => t.Tag).ToHashSet(StringComparer.Ordinal);
        var other = references.Where(r => !current.Contains(r.Key))
            .OrderByDescending(r => r.Value.Pulls).ThenBy(r => r.Key, StringComparer.Ordinal)
            .Select(r => new ReferencePulls(r.Key, r.Value.Pulls, r.Value.Clients.Count, r.Value.BytesServed)).ToList();
        var dayStats = days.Select(d => new DayStats(d.Key, d.Value.Totals.Pulls, d.Value.Totals.BytesServed, d.Value.Totals.Clients.Count, d.Value.ByTag)).ToList();
        return new DatasetStatsResponse(
            name,
            from,
            until,
            all.Pulls,
            all.BytesServed,
            all.Clients.Count,
            all.Clients.Capped,
            tagStats,
            tagStats.Where(t => t.Stale).Select(t => t.Tag).ToList(),
            other,
            dayStats,
            storage);
    }
}
