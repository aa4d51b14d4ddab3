using System.Diagnostics;

namespace AetherFS.Hub.Telemetry;

/// <summary>The hub's spans beside ASP.NET Core's request spans: publishing a version, collecting garbage.</summary>
internal static class HubTracing
{
    public const string SourceName = "AetherFS.Hub";

    public static readonly ActivitySource Source = new(SourceName);
}
