using System.Diagnostics.Metrics;

namespace AetherFS.Storage.Telemetry;

/// <summary>
/// The blob store's instruments: operations by kind and outcome, and their latency. Only the hub stores blobs, so
/// the names carry the hub's prefix. Process-wide and never disposed, like every AetherFS meter (see docs/metrics.md).
/// </summary>
public static class StorageMetrics
{
    public const string MeterName = "AetherFS.Storage";

    /// <summary>The operations a blob store performs: a closed set, pre-initialised.</summary>
    public static readonly string[] Operations = ["get", "put", "head", "list", "delete"];

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> OperationCount = Meter.CreateCounter<long>("aetherfs.hub.storage.operations", description: "Blob store operations, by operation and outcome (ok, error).");
    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("aetherfs.hub.storage.operation.duration", "s", "Time a blob store operation took (a get until its stream opened, a list until its last key), by operation.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });

    /// <summary>Creates every series at 0; call once the exporter listens.</summary>
    public static void Initialise()
    {
        foreach (var operation in Operations)
        {
            OperationCount.Add(0, Tag("operation", operation), Tag("outcome", "ok"));
            OperationCount.Add(0, Tag("operation", operation), Tag("outcome", "error"));
        }
    }

    public static void Record(string operation, bool failed, double seconds)
    {
        OperationCount.Add(1, Tag("operation", operation), Tag("outcome", failed ? "error" : "ok"));
        Duration.Record(seconds, Tag("operation", operation));
    }

    private static KeyValuePair<string, object?> Tag(string key, string value) => new(key, value);
}
