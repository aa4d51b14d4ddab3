using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Reflection;

namespace AetherFS.Serving.Telemetry;

/// <summary>
/// The instruments every serving application has, under its own prefix: requests by interface and outcome with
/// their latency, bytes served and received by kind, and the build it runs. One per application kind and process,
/// never disposed: an exporter drops a metric stream when any meter feeding it goes away, so meters that come and
/// go with hosts (tests start many in one process) would make series vanish from the hosts still running.
/// </summary>
public sealed class ServingMetrics
{
    /// <summary>What the bytes were: dataset files (/fs), blocks, or manifests. A closed set, pre-initialised.</summary>
    public static readonly string[] ByteKinds = ["file", "block", "manifest"];

    private readonly Counter<long> _requests;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _served;
    private readonly Counter<long> _received;

    private static readonly ConcurrentDictionary<string, ServingMetrics> Shared = new(StringComparer.Ordinal);

    private ServingMetrics(TelemetrySetup setup)
    {
        Meter = new Meter(setup.MeterName, Version);
        var prefix = setup.InstrumentPrefix;
        _requests = Meter.CreateCounter<long>(prefix + ".requests", description: "Requests answered, by interface and outcome (status class).");
        _duration = Meter.CreateHistogram<double>(prefix + ".request.duration", "s", "Time to answer a request, by interface.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] });
        _served = Meter.CreateCounter<long>(prefix + ".served", "By", "Bytes sent to clients, by kind (file, block, manifest).");
        _received = Meter.CreateCounter<long>(prefix + ".received", "By", "Bytes received from clients, by kind (block, manifest).");
        Meter.CreateObservableGauge(prefix + ".build.info", () => new Measurement<long>(1, new KeyValuePair<string, object?>("version", Version)), description: "Always 1; the version label names the build.");
    }

    /// <summary>The application kind's metrics (the same instance for every host of that kind in the process).</summary>
    public static ServingMetrics For(TelemetrySetup setup) => Shared.GetOrAdd(setup.MeterName, _ => new ServingMetrics(setup));

    /// <summary>
    /// Creates the labelled series at 0, so rate() and dashboards work before traffic. Called once the host's exporter
    /// listens: a measurement made before that is not seen by it.
    /// </summary>
    public void Initialise()
    {
        foreach (var kind in ByteKinds)
        {
            _served.Add(0, new KeyValuePair<string, object?>("kind", kind));
            _received.Add(0, new KeyValuePair<string, object?>("kind", kind));
        }

        foreach (var @interface in RequestInterface.All)
        {
            foreach (var outcome in RequestOutcome.All)
            {
                _requests.Add(0, new KeyValuePair<string, object?>("interface", @interface), new KeyValuePair<string, object?>("outcome", outcome));
            }
        }
    }

    /// <summary>The application's meter, for the instruments it adds itself.</summary>
    public Meter Meter { get; }

    /// <summary>The informational version of the running build.</summary>
    public static string Version { get; } =
        typeof(ServingMetrics).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public void Request(string @interface, string outcome, double seconds)
    {
        var interfaceTag = new KeyValuePair<string, object?>("interface", @interface);
        _requests.Add(1, interfaceTag, new KeyValuePair<string, object?>("outcome", outcome));
        _duration.Record(seconds, interfaceTag);
    }

    public void Served(string kind, long bytes) => _served.Add(bytes, new KeyValuePair<string, object?>("kind", kind));

    public void Received(string kind, long bytes) => _received.Add(bytes, new KeyValuePair<string, object?>("kind", kind));
}
