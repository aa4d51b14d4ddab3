using AetherFS.Core.Packs;

namespace AetherFS.Storage.Packs;

/// <summary>One pack as an index segment lists it: its name, its size and every chunk it holds.</summary>
public sealed record SegmentPack(string Id, long Size, IReadOnlyList<PackChunk> Chunks);
