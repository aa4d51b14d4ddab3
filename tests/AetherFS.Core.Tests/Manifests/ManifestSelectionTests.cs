using AetherFS.Core.Blocks;
using AetherFS.Core.Manifests;

namespace AetherFS.Core.Tests.Manifests;

public sealed class ManifestSelectionTests
{
    private static readonly DateTime Time = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    // Files a (10), b/c (10), b/d (10), bc (10) in one stream of four blocks of 10 bytes, cut 5 bytes into each file.
    private static readonly Manifest Sample = new(
        ChunkingParameters.FixedSize(10),
        [
            new ManifestEntry("a", EntryType.File, 10, 0x1A4, Time),
            new ManifestEntry("b", EntryType.Directory, 0, 0x1ED, Time),
            new ManifestEntry("b/c", EntryType.File, 10, 0x1A4, Time),
            new ManifestEntry("b/d", EntryType.File, 10, 0x1A4, Time),
            new ManifestEntry("bc", EntryType.File, 10, 0x1A4, Time),
        ],
        [new BlockRef("1", 5), new BlockRef("2", 10), new BlockRef("3", 10), new BlockRef("4", 10), new BlockRef("5", 5)]);

    [Fact]
    public void Under_ADirectory_SelectsItsSubtreeAndNotItsNamesakes()
    {
        var selection = ManifestSelection.Under(Sample, ["b/"]);

        Assert.Equal(["b", "b/c", "b/d"], selection.Entries.Select(e => e.Path));
        Assert.Equal(20, selection.TotalSize);
    }

    [Fact]
    public void Under_AFile_NamesThePiecesOfBlocksThatHoldIt()
    {
        var selection = ManifestSelection.Under(Sample, ["b/c"]);

        // Bytes 10..20 of the stream: the second half of block 1 and the first half of block 2.
        Assert.Equal([new BlockSpan(1, 5, 5), new BlockSpan(2, 0, 5)], selection.Spans);
    }

    [Fact]
    public void Under_NestedPaths_SelectsEachEntryOnce()
    {
        var selection = ManifestSelection.Under(Sample, ["b", "b/c", "a"]);

        Assert.Equal(["a", "b", "b/c", "b/d"], selection.Entries.Select(e => e.Path));
        Assert.Equal(30, selection.TotalSize);
    }

    [Fact]
    public void All_IsEveryBlockWhole()
    {
        var selection = ManifestSelection.All(Sample);

        Assert.Equal(Sample.Entries, selection.Entries);
        Assert.Equal(Sample.Blocks.Select(b => b.Size), selection.Spans.Select(s => s.Length));
        Assert.Empty(selection.Paths);
    }

    [Theory]
    [InlineData("../a")]
    [InlineData("/a")]
    [InlineData("b/../a")]
    [InlineData("")]
    [InlineData("./a")]
    public void Under_AnUnsafePath_IsAFormatError(string path) =>
        Assert.Throws<FormatException>(() => ManifestSelection.Under(Sample, [path]));

    [Fact]
    public void Under_APathMatchingNothing_NamesIt()
    {
        var error = Assert.Throws<ManifestPathNotFoundException>(() => ManifestSelection.Under(Sample, ["a", "b/e"]));

        Assert.Equal("b/e", error.Path);
    }
}
