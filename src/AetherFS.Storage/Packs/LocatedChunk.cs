namespace AetherFS.Storage.Packs;

/// <summary>A chunk and where it lies: its pack and its place in it.</summary>
public readonly record struct LocatedChunk(string Signature, string PackId, ChunkLocation Location)
{
    public long End => Location.Offset + (long)Location.PayloadLength;
}
