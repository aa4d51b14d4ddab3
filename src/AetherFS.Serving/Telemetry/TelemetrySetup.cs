namespace AetherFS.Serving.Telemetry;

/// <summary>
/// What one application exports: its own meter (named after it, e.g. <c>AetherFS.Hub</c>), the instrument prefix its
/// names start with (<c>aetherfs.hub</c>, exported as <c>aetherfs_hub_</c>), and the libraries' meters and activity
/// sources it carries.
/// </summary>
public sealed record TelemetrySetup(string MeterName, string InstrumentPrefix, IReadOnlyList<string> LibraryMeters, IReadOnlyList<string> ActivitySources);
