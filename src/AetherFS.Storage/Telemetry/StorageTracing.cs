using System.Diagnostics;

namespace AetherFS.Storage.Telemetry;

/// <summary>The storage library's spans: one per blob store operation. Without a listener, starting one costs a check.</summary>
public static class StorageTracing
{
    public const string SourceName = "AetherFS.Storage";

    public static readonly ActivitySource Source = new(SourceName);
}
