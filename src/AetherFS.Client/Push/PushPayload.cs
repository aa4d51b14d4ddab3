using AetherFS.Core.Blocks;

namespace AetherFS.Client.Push;

/// <summary>What a push sends for one block: its full payload (kept in the push cache), and a delta when that is smaller.</summary>
internal sealed class PushPayload(PooledBuffer full, PooledBuffer? delta) : IDisposable
{
    public PooledBuffer Full { get; } = full;

    public PooledBuffer? Delta { get; } = delta;

    /// <summary>The bytes uploaded: the delta when there is one.</summary>
    public ReadOnlySpan<byte> Sent => (Delta ?? Full).Span;

    public void Dispose()
    {
        Full.Dispose();
        Delta?.Dispose();
    }
}
