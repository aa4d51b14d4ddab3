namespace AetherFS.Core.Manifests;

/// <summary>
/// How much of one version's data another already holds, counted over distinct blocks: what a consumer who has
/// the other version must still fetch, and what the store had to add.
/// </summary>
public sealed record BlockSharing(int Blocks, long Bytes, int SharedBlocks, long SharedBytes)
{
    public int NewBlocks => Blocks - SharedBlocks;

    public long NewBytes => Bytes - SharedBytes;

    /// <summary>Compares the distinct blocks of <paramref name="version"/> with those of <paramref name="other"/>.</summary>
    public static BlockSharing Compare(Manifest version, Manifest other)
    {
        var known = other.Blocks.Select(b => b.Signature).ToHashSet(StringComparer.Ordinal);
        var distinct = version.Blocks.DistinctBy(b => b.Signature).ToList();
        var shared = distinct.Where(b => known.Contains(b.Signature)).ToList();
        return new BlockSharing(distinct.Count, distinct.Sum(b => (long)b.Size), shared.Count, shared.Sum(b => (long)b.Size));
    }
}
