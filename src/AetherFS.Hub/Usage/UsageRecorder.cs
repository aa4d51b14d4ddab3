using System.Collections.Concurrent;
using AetherFS.Hub.Security;
using Microsoft.AspNetCore.Http;

namespace AetherFS.Hub.Usage;

/// <summary>
/// Counts pulls (a manifest fetched for a dataset by tag or digest), bytes served and distinct clients per dataset and
/// hour, in memory; <see cref="UsageFlusher"/> writes them to the store. Recording takes a lock on one small tally and
/// never waits for the store, so it neither fails nor slows a pull. At most <see cref="MaxTallies"/> (dataset, hour)
/// tallies are kept: past that, records are dropped and counted, and the flush logs how many.
/// </summary>
internal sealed class UsageRecorder
{
    public const int MaxTallies = 20_000;

    // A tally leaves memory once flushed and this long past its hour's end: late records for an hour (a request that
    // read the clock just before the hour turned) still find it, so a flushed hour is never overwritten by a fresh one.
    private static readonly TimeSpan KeepAfterHour = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<(string Dataset, DateTimeOffset Hour), HourTally> _tallies = new();
    private readonly TimeProvider _time;
    private readonly ClientHasher _hasher;
    private readonly bool _enabled;
    private long _dropped;

    public UsageRecorder(TimeProvider time, ClientHasher hasher, Configuration.HubOptions options)
    {
        _time = time;
        _hasher = hasher;
        _enabled = options.UsageStats;
    }

    /// <summary>A pull of <paramref name="reference"/> (a tag or a digest) of <paramref name="dataset"/>, and the manifest bytes sent.</summary>
    public void RecordPull(string dataset, string reference, HttpContext context, long bytes) => Record(dataset, reference, context, pull: true, bytes);

    public int TallyCount => _tallies.Count;

    /// <summary>Records dropped because <see cref="MaxTallies"/> were in memory, since the last call.</summary>
    public long TakeDropped() => Interlocked.Exchange(ref _dropped, 0);

    /// <summary>The tallies recorded into since their last flush.</summary>
    public IReadOnlyList<HourTally> Dirty() => _tallies.Values.Where(t => t.IsDirty).ToList();

    /// <summary>Forgets tallies that are flushed and well past their hour.</summary>
    public void Trim()
    {
        var before = _time.GetUtcNow() - TimeSpan.FromHours(1) - KeepAfterHour;
        foreach (var (key, tally) in _tallies)
        {
            if (tally.Hour <= before && !tally.IsDirty)
            {
                _tallies.TryRemove(key, out _);
            }
        }
    }

    public static DateTimeOffset HourOf(DateTimeOffset time) => new(time.Year, time.Month, time.Day, time.Hour, 0, 0, TimeSpan.Zero);

    private void Record(string dataset, string reference, HttpContext context, bool pull, long bytes)
    {
        if (!_enabled)
        {
            return;
        }

        var key = (dataset, HourOf(_time.GetUtcNow().ToUniversalTime()));
        if (!_tallies.TryGetValue(key, out var tally))
        {
            if (_tallies.Count >= MaxTallies)
            {
                Interlocked.Increment(ref _dropped);
                return;
            }

            tally = _tallies.GetOrAdd(key, k => new HourTally(k.Dataset, k.Hour));
        }

        tally.Add(reference, _hasher.Hash(IdentityOf(context)), pull, bytes);
    }

    // Signed-in callers count once whatever address they come from; anonymous ones by address (behind a NAT, many as one).
    private static string IdentityOf(HttpContext context) =>
        Caller.Of(context) is { IsAnonymous: false } principal ? "principal:" + principal.Name : "address:" + AccessMiddleware.AddressOf(context);
}
