namespace AetherFS.Hub.Scrubbing;

/// <summary>One verification of the store: how fast it may read (bytes per second; null or 0 for no limit).</summary>
internal sealed record ScrubRunOptions(long? MaxBytesPerSecond);
