namespace AetherFS.Core.Packs;

/// <summary>A pack read from end to end with every chunk verified: its name, size and chunks.</summary>
public sealed record VerifiedPack(string Id, long Size, IReadOnlyList<PackChunk> Chunks);
