using AetherFS.Serving.Telemetry;
using AetherFS.Storage.Telemetry;

namespace AetherFS.Hub.Telemetry;

/// <summary>What the hub exports: its own meter and spans, and the storage library's.</summary>
internal static class HubTelemetry
{
    public static readonly TelemetrySetup Setup = new(
        MeterName: "AetherFS.Hub",
        InstrumentPrefix: "aetherfs.hub",
        LibraryMeters: [StorageMetrics.MeterName],
        ActivitySources: [HubTracing.SourceName, StorageTracing.SourceName]);
}
