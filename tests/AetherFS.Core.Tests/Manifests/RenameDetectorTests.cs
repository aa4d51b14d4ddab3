using AetherFS.Core.Manifests;

namespace AetherFS.Core.Tests.Manifests;

public sealed class RenameDetectorTests
{
    private static readonly DateTime Time = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly string A = new('a', 64);
    private static readonly string B = new('b', 64);

    [Fact]
    public void FileMadeOfTheSamePieces_UnderAnotherName_IsARename()
    {
        var v1 = Version([File("first", 10), File("old-name", 10)], [A], [20]);
        var v2 = Version([File("first", 10), File("new-name", 10)], [A], [20]);

        var rename = Assert.Single(RenameDetector.Detect(v1, v2, ManifestDiff.Compare(v1, v2)));

        Assert.Equal(("old-name", "new-name"), (rename.From.Path, rename.To.Path));
    }

    [Fact]
    public void SameSizeInOtherBlocks_IsNotARename()
    {
        var v1 = Version([File("old-name", 10)], [A], [10]);
        var v2 = Version([File("new-name", 10)], [B], [10]);

        Assert.Empty(RenameDetector.Detect(v1, v2, ManifestDiff.Compare(v1, v2)));
    }

    [Fact]
    public void RecordedDigests_PairFilesWhateverTheirBlocks()
    {
        var sha = new string('5', 64);
        var v1 = Version([File("old-name", 10, sha), File("other", 10, new string('6', 64))], [A], [20]);
        var v2 = Version([File("moved/here", 10, sha), File("x-other", 10, new string('7', 64))], [B], [20]);

        var rename = Assert.Single(RenameDetector.Detect(v1, v2, ManifestDiff.Compare(v1, v2)));

        Assert.Equal(("old-name", "moved/here"), (rename.From.Path, rename.To.Path));
    }

    private static ManifestEntry File(string path, long size, string? sha256 = null) => new(path, EntryType.File, size, 0b110_100_100, Time, Sha256: sha256);

    private static Manifest Version(ManifestEntry[] entries, string[] signatures, int[] sizes) =>
        new(ChunkingParameters.Default, entries, signatures.Select((s, i) => new BlockRef(s, sizes[i])).ToList());
}
