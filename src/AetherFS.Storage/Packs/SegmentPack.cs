using AetherFS.Core.Packs;

namespace AetherFS.Storage.Packs;

/// <summary>
/// One pack as an index segment lists it: its name, its size, every chunk it holds, and which of them it holds as
/// deltas (with their bases).
/// </summary>
public sealed record SegmentPack(string Id, long Size, IReadOnlyList<PackChunk> Chunks)
{
    public SegmentPack(string id, long size, IReadOnlyList<PackChunk> chunks, IReadOnlyList<StoredDelta> deltas)
        : this(id, size, chunks)
    {
        Deltas = deltas;
    }

    /// <summary>The chunks this pack stores as deltas; empty for packs of full payloads.</summary>
    public IReadOnlyList<StoredDelta> Deltas { get; init; } = [];
}
