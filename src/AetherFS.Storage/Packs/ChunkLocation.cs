namespace AetherFS.Storage.Packs;

/// <summary>Where one chunk's payload lies: in which pack (an ordinal into <see cref="ChunkIndex"/>'s pack table), at which offset.</summary>
public readonly record struct ChunkLocation(int Pack, uint Offset, int PayloadLength, int RawLength);
