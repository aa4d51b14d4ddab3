using System.Diagnostics.Metrics;
using AetherFS.Serving.Telemetry;

namespace AetherFS.Agent.Telemetry;

/// <summary>
/// Syncs by outcome and their duration, recorded by each subscription's worker, on the agent's process-wide meter
/// (see <see cref="ServingMetrics"/>).
/// </summary>
public static class SyncMetrics
{
    private static readonly Meter Meter = ServingMetrics.For(AgentTelemetry.Setup).Meter;
    private static readonly Counter<long> Syncs = Meter.CreateCounter<long>("aetherfs.agent.syncs", description: "Syncs of a subscription to a new version, by outcome (ok, error).");
    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("aetherfs.agent.sync.duration", "s", "Time from a tag's new version being seen to its swap into place (or the failure).",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600] });

    private static readonly KeyValuePair<string, object?> Ok = new("outcome", "ok");
    private static readonly KeyValuePair<string, object?> Error = new("outcome", "error");

    /// <summary>Creates the series at 0 (see <see cref="ServingMetrics.Initialise"/>).</summary>
    public static void Initialise()
    {
        Syncs.Add(0, Ok);
        Syncs.Add(0, Error);
    }

    public static void Synced(TimeSpan duration)
    {
        Syncs.Add(1, Ok);
        Duration.Record(duration.TotalSeconds, Ok);
    }

    public static void Failed(TimeSpan duration)
    {
        Syncs.Add(1, Error);
        Duration.Record(duration.TotalSeconds, Error);
    }
}
