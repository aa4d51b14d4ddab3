using System.Diagnostics.Metrics;
using AetherFS.Protocol.Rest;
using AetherFS.Serving.Telemetry;

namespace AetherFS.Hub.Telemetry;

/// <summary>
/// The hub's own instruments beside the serving ones: versions published and manifests fetched (the hub's view of
/// pushes and pulls), and garbage collections with what they freed. No dataset label: the hub does not bound how
/// many datasets it holds (per-dataset usage is recorded in the store, not in metrics). The instruments live on the
/// hub's process-wide meter (see <see cref="ServingMetrics"/>).
/// </summary>
internal static class HubMetrics
{
    private static readonly Meter Meter = ServingMetrics.For(HubTelemetry.Setup).Meter;
    private static readonly Counter<long> Pushes = Meter.CreateCounter<long>("aetherfs.hub.pushes", description: "Versions published (a manifest uploaded by a push, or published with its tags).");
    private static readonly Histogram<double> PushDuration = Meter.CreateHistogram<double>("aetherfs.hub.push.duration", "s", "Time from a push's first question to this hub (which blocks are missing) to its tag being written.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600] });
    private static readonly Counter<long> Pulls = Meter.CreateCounter<long>("aetherfs.hub.pulls", description: "Manifests fetched by clients (REST or gRPC): the start of every pull and sync.");
    private static readonly Counter<long> GcRuns = Meter.CreateCounter<long>("aetherfs.hub.gc.runs", description: "Garbage collections run (dry runs included), by outcome (ok, error).");
    private static readonly Counter<long> GcFreed = Meter.CreateCounter<long>("aetherfs.hub.gc.freed", "By", "Bytes garbage collection deleted from the store (manifests and packs; dry runs free nothing).");
    private static readonly Histogram<double> GcDuration = Meter.CreateHistogram<double>("aetherfs.hub.gc.duration", "s", "Time a garbage collection took.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 3600] });

    private static readonly KeyValuePair<string, object?> Ok = new("outcome", "ok");
    private static readonly KeyValuePair<string, object?> Error = new("outcome", "error");

    private static readonly ServingMetrics Serving = ServingMetrics.For(HubTelemetry.Setup);

    /// <summary>Creates the series at 0 (see <see cref="ServingMetrics.Initialise"/>).</summary>
    public static void Initialise()
    {
        Pushes.Add(0);
        Pulls.Add(0);
        GcRuns.Add(0, Ok);
        GcRuns.Add(0, Error);
        GcFreed.Add(0);
    }

    public static void Published(int manifestBytes)
    {
        Pushes.Add(1);
        Serving.Received("manifest", manifestBytes);
    }

    public static void PushFinished(TimeSpan duration) => PushDuration.Record(duration.TotalSeconds);

    public static void ManifestFetched(int manifestBytes)
    {
        Pulls.Add(1);
        Serving.Served("manifest", manifestBytes);
    }

    public static void BlockServed(long bytes) => Serving.Served("block", bytes);

    public static void BlockReceived(long bytes) => Serving.Received("block", bytes);

    public static void Collected(GcReport report)
    {
        GcRuns.Add(1, Ok);
        GcDuration.Record(report.DurationMs / 1000.0);
        if (!report.DryRun)
        {
            GcFreed.Add(report.Manifests.DeletedBytes + report.Packs.FreedBytes);
        }
    }

    public static void CollectionFailed(double seconds)
    {
        GcRuns.Add(1, Error);
        GcDuration.Record(seconds);
    }
}
