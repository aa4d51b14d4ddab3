using System.Diagnostics.Metrics;
using System.Globalization;
using AetherFS.Serving.Telemetry;

namespace AetherFS.Agent.Telemetry;

/// <summary>
/// What the agent reads at scrape time: each subscription's sync lag, the subscriptions, and the cache's size and
/// budget, over the agents running in this process (one in production; tests run several, whose values combine:
/// sizes add up, lags take the largest, so no series is reported twice).
/// The lag is labelled with the subscription's index in the agent's configuration (the order /healthz lists them):
/// the count is bounded by the configuration, while a dataset or tag label would put names the metric rules keep out
/// of labels into every series.
/// </summary>
internal static class AgentGauges
{
    private static readonly Lock Gate = new();
    private static readonly List<AgentRuntime> Running = [];

    static AgentGauges()
    {
        var meter = ServingMetrics.For(AgentTelemetry.Setup).Meter;
        meter.CreateObservableGauge("aetherfs.agent.sync.lag", Lags, "s", "Seconds since a subscription's tag moved to a version the agent does not have yet; 0 when current.");
        meter.CreateObservableGauge("aetherfs.agent.subscriptions", () => Sum(r => r.Workers.Count), description: "Subscriptions the agent follows (from its configuration).");
        meter.CreateObservableGauge("aetherfs.agent.cache.size", () => Sum(r => r.Cache.UsedBytes), "By", "Bytes the block cache holds on disk.");
        meter.CreateObservableGauge("aetherfs.agent.cache.capacity", () => Sum(r => r.Cache.BudgetBytes), "By", "The block cache's budget in bytes.");
        meter.CreateObservableGauge("aetherfs.agent.peers", PeerCounts, description: "Peers by state: live, set_aside (failed, slow or served bad bytes: skipped for 30 s), self.");
    }

    /// <summary>Reports <paramref name="runtime"/> until the returned handle is disposed (the agent stops).</summary>
    public static IDisposable Track(AgentRuntime runtime)
    {
        lock (Gate)
        {
            Running.Add(runtime);
        }

        return new Untrack(runtime);
    }

    private static AgentRuntime[] Snapshot()
    {
        lock (Gate)
        {
            return [.. Running];
        }
    }

    private static long Sum(Func<AgentRuntime, long> value) => Snapshot().Sum(value);

    private static IEnumerable<Measurement<double>> Lags()
    {
        var lags = new Dictionary<int, double>();
        foreach (var runtime in Snapshot())
        {
            for (var index = 0; index < runtime.Workers.Count; index++)
            {
                lags[index] = Math.Max(lags.GetValueOrDefault(index), runtime.Workers[index].Lag.TotalSeconds);
            }
        }

        return lags.Select(l => new Measurement<double>(l.Value, new KeyValuePair<string, object?>("subscription", l.Key.ToString(CultureInfo.InvariantCulture))));
    }

    // Every state is reported, at 0 when no peer is in it, so an alert on set_aside has a series from the start.
    private static IEnumerable<Measurement<long>> PeerCounts()
    {
        var counts = Client.Peers.PeerState.All.ToDictionary(s => s, _ => 0L);
        foreach (var runtime in Snapshot())
        {
            foreach (var peer in runtime.Peers?.States() ?? [])
            {
                counts[peer.State]++;
            }
        }

        return counts.Select(c => new Measurement<long>(c.Value, new KeyValuePair<string, object?>("state", c.Key)));
    }

    private sealed class Untrack(AgentRuntime runtime) : IDisposable
    {
        public void Dispose()
        {
            lock (Gate)
            {
                Running.Remove(runtime);
            }
        }
    }
}
