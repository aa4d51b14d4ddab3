using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace AetherFS.Serving.Telemetry;

/// <summary>
/// Metrics and tracing for the hub and the agent: instruments on System.Diagnostics.Metrics, exported at
/// <c>/metrics</c> in the Prometheus text format; spans exported with OTLP only when an endpoint is configured.
/// </summary>
public static class ServingTelemetry
{
    public const string MetricsPath = "/metrics";

    /// <summary>The standard OpenTelemetry variable naming the collector; tracing is off (no exporter, no cost) without it.</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static IServiceCollection AddServingTelemetry(this IServiceCollection services, TelemetrySetup setup, string serviceName)
    {
        services.AddSingleton(setup);
        services.AddSingleton(ServingMetrics.For(setup));
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName, serviceVersion: ServingMetrics.Version))
            .WithMetrics(metrics => metrics
                .AddMeter([setup.MeterName, .. setup.LibraryMeters])
                // No response cache: Prometheus scrapes every few seconds at most, and a cached answer would show
                // a scrape made just after a push the counts from before it.
                .AddPrometheusExporter(exporter => exporter.ScrapeResponseCacheDurationMilliseconds = 0));
        if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(OtlpEndpointVariable)))
        {
            // ASP.NET Core's own activity covers each request; ours cover pushes, pulls, syncs and storage.
            telemetry.WithTracing(tracing => tracing
                .AddSource([.. setup.ActivitySources, "Microsoft.AspNetCore"])
                .AddOtlpExporter());
        }

        return services;
    }

    /// <summary>
    /// Starts the exporter's listening now (not at the host's start) and creates the series at 0: measurements made
    /// before it listens are not seen by it. Call right after building the application, before anything is measured.
    /// </summary>
    public static ServingMetrics StartMetrics(this IServiceProvider services)
    {
        services.GetRequiredService<MeterProvider>();
        var metrics = services.GetRequiredService<ServingMetrics>();
        metrics.Initialise();
        return metrics;
    }

    /// <summary>Counts every request: call first, so the outcome counted is the one the client saw.</summary>
    public static IApplicationBuilder UseRequestMetrics(this IApplicationBuilder app) => app.UseMiddleware<RequestMetricsMiddleware>();

    /// <summary>Maps the Prometheus scrape at <see cref="MetricsPath"/>. Its own requests are not in the HTTP metrics.</summary>
    public static void MapMetrics(this WebApplication app) =>
        app.MapPrometheusScrapingEndpoint(MetricsPath);
}
