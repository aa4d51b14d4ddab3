using OpenTelemetry;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace AetherFS.Serving.Telemetry;

/// <summary>
/// Tracing for one CLI command (push, pull...): with an OTLP endpoint configured, its spans are exported when the
/// command ends; without one, nothing is created (no exporter, no cost).
/// </summary>
public static class CommandTracing
{
    /// <returns>The provider to dispose when the command ends (which flushes its spans); null when tracing is off.</returns>
    public static IDisposable? Start(params string[] sources) =>
        string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(ServingTelemetry.OtlpEndpointVariable))
            ? null
            : Sdk.CreateTracerProviderBuilder()
                .ConfigureResource(resource => resource.AddService("aetherfs-cli", serviceVersion: ServingMetrics.Version))
                .AddSource(sources)
                .AddOtlpExporter()
                .Build();
}
