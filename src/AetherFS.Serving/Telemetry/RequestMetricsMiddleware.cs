using System.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace AetherFS.Serving.Telemetry;

/// <summary>
/// Counts and times every request, outermost in the pipeline, so the outcome is the status the client saw (after the
/// exception handler and access checks). The scrape itself is not counted: it would only measure Prometheus.
/// </summary>
public sealed class RequestMetricsMiddleware
{
    private readonly RequestDelegate _next;
    private readonly ServingMetrics _metrics;

    public RequestMetricsMiddleware(RequestDelegate next, ServingMetrics metrics)
    {
        _next = next;
        _metrics = metrics;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments(ServingTelemetry.MetricsPath))
        {
            await _next(context);
            return;
        }

        var started = Stopwatch.GetTimestamp();
        var @interface = RequestInterface.Of(context);
        var failed = true;
        try
        {
            await _next(context);
            failed = false;
        }
        finally
        {
            var outcome = failed ? "5xx" : RequestOutcome.Of(context, @interface == RequestInterface.Grpc);
            _metrics.Request(@interface, outcome, Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }
}
