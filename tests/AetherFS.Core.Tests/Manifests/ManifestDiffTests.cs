using AetherFS.Core.Manifests;

namespace AetherFS.Core.Tests.Manifests;

public sealed class ManifestDiffTests
{
    private static readonly DateTime Time = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly string A = new('a', 64);
    private static readonly string B = new('b', 64);
    private static readonly string C = new('c', 64);

    [Fact]
    public void Compare_FindsAddedAndRemovedPaths()
    {
        var v1 = Version([File("a.txt", 10), File("gone.txt", 10)], [A], [20]);
        var v2 = Version([File("a.txt", 10), File("new.txt", 10)], [A], [20]);

        var changes = ManifestDiff.Compare(v1, v2);

        Assert.Equal([("gone.txt", FileChangeKind.Removed), ("new.txt", FileChangeKind.Added)], changes.Select(c => (c.Path, c.Kind)));
    }

    [Fact]
    public void Compare_FileMadeOfTheSameBlockPieces_IsUnchanged()
    {
        // Two files in one block, then the second file moves into a new block of its own: the first is untouched.
        var v1 = Version([File("a", 10), File("b", 10)], [A], [20]);
        var v2 = Version([File("a", 10), File("b", 10)], [A, B], [20, 10]);

        Assert.Empty(ManifestDiff.Compare(v1, v2));
    }

    [Fact]
    public void Compare_SizeChange_IsChanged()
    {
        var v1 = Version([File("a", 10)], [A], [10]);
        var v2 = Version([File("a", 12)], [B], [12]);

        Assert.Equal(FileChangeKind.Changed, Assert.Single(ManifestDiff.Compare(v1, v2)).Kind);
    }

    [Fact]
    public void Compare_SameSizeInOtherBlocks_WithoutDigests_IsPossiblyChanged()
    {
        var v1 = Version([File("a", 10)], [A], [10]);
        var v2 = Version([File("a", 10)], [B], [10]);

        Assert.Equal(FileChangeKind.PossiblyChanged, Assert.Single(ManifestDiff.Compare(v1, v2)).Kind);
    }

    [Fact]
    public void Compare_FileDigests_DecideWithoutBlocks()
    {
        var same = new string('1', 64);
        var v1 = Version([File("a", 10, sha256: same), File("b", 10, sha256: same)], [A], [20]);
        var v2 = Version([File("a", 10, sha256: same), File("b", 10, sha256: new string('2', 64))], [B], [20]);

        Assert.Equal([("b", FileChangeKind.Changed)], ManifestDiff.Compare(v1, v2).Select(c => (c.Path, c.Kind)));
    }

    [Fact]
    public void Compare_ModeOrTimeOnly_IsMetadataChanged()
    {
        var v1 = Version([File("a", 10)], [A], [10]);
        var v2 = Version([File("a", 10) with { Mode = 0b111_101_101 }, new ManifestEntry("d", EntryType.Directory, 0, 0b111_101_101, Time)], [A], [10]);

        var changes = ManifestDiff.Compare(v1, v2);

        Assert.Equal([("a", FileChangeKind.MetadataChanged), ("d", FileChangeKind.Added)], changes.Select(c => (c.Path, c.Kind)));
    }

    [Fact]
    public void Compare_SymlinkRetargeted_OrTypeChanged_IsChanged()
    {
        var v1 = Version([new ManifestEntry("l", EntryType.Symlink, 0, 0b111_111_111, Time, Target: "a"), File("x", 5)], [C], [5]);
        var v2 = Version([new ManifestEntry("l", EntryType.Symlink, 0, 0b111_111_111, Time, Target: "b"), new ManifestEntry("x", EntryType.Directory, 0, 0b111_101_101, Time)], [], []);

        Assert.Equal([("l", FileChangeKind.Changed), ("x", FileChangeKind.Changed)], ManifestDiff.Compare(v1, v2).Select(c => (c.Path, c.Kind)));
    }

    private static ManifestEntry File(string path, long size, string? sha256 = null) => new(path, EntryType.File, size, 0b110_100_100, Time, Sha256: sha256);

    private static Manifest Version(ManifestEntry[] entries, string[] signatures, int[] sizes) =>
        new(ChunkingParameters.Default, entries, signatures.Select((s, i) => new BlockRef(s, sizes[i])).ToList());
}
