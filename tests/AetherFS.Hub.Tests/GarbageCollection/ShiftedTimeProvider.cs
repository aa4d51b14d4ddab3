namespace AetherFS.Hub.Tests.GarbageCollection;

/// <summary>The system clock moved by <see cref="Offset"/>: publish times and retention ages without waiting days.</summary>
internal sealed class ShiftedTimeProvider : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
}
