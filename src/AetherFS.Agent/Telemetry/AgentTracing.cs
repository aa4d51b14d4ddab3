using System.Diagnostics;

namespace AetherFS.Agent.Telemetry;

/// <summary>The agent's spans: one per sync (the version's assembly inside it is the client library's).</summary>
internal static class AgentTracing
{
    public const string SourceName = "AetherFS.Agent";

    public static readonly ActivitySource Source = new(SourceName);
}
