using System.Diagnostics;

namespace AetherFS.Client.Telemetry;

/// <summary>The client library's spans: pushes, pulls and version assemblies (which syncs run too).</summary>
public static class ClientTracing
{
    public const string SourceName = "AetherFS.Client";

    public static readonly ActivitySource Source = new(SourceName);
}
