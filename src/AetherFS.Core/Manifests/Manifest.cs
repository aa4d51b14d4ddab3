namespace AetherFS.Core.Manifests;

/// <summary>
/// An immutable description of one dataset version: its entries in ordinal path order and the blocks of the
/// stream made by concatenating its files in that order. Its digest is the SHA-256 of its canonical bytes.
/// </summary>
public sealed class Manifest
{
    public const int CurrentSchemaVersion = 1;

    public Manifest(ChunkingParameters chunking, IReadOnlyList<ManifestEntry> entries, IReadOnlyList<BlockRef> blocks)
    {
        Chunking = chunking;
        Entries = entries;
        Blocks = blocks;
    }

    public ChunkingParameters Chunking { get; }

    public IReadOnlyList<ManifestEntry> Entries { get; }

    public IReadOnlyList<BlockRef> Blocks { get; }

    public long TotalSize => Entries.Sum(e => e.Type == EntryType.File ? e.Size : 0);

    public int FileCount => Entries.Count(e => e.Type == EntryType.File);
}
