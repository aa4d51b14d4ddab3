using AetherFS.Client.Telemetry;
using AetherFS.Serving.Telemetry;

namespace AetherFS.Agent.Telemetry;

/// <summary>What the agent exports: its own meter and spans, and the client library's (fetch sources, cache).</summary>
internal static class AgentTelemetry
{
    public static readonly TelemetrySetup Setup = new(
        MeterName: "AetherFS.Agent",
        InstrumentPrefix: "aetherfs.agent",
        LibraryMeters: [ClientMetrics.MeterName],
        ActivitySources: [AgentTracing.SourceName, ClientTracing.SourceName]);
}
