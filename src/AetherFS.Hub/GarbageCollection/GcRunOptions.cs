namespace AetherFS.Hub.GarbageCollection;

/// <summary>One collection's settings: report only (<see cref="DryRun"/>), and how young an unreferenced object must be to stay.</summary>
internal sealed record GcRunOptions(bool DryRun, TimeSpan Grace);
