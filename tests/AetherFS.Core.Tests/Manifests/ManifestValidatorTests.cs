using System.Text;
using AetherFS.Core.Blocks;
using AetherFS.Core.Manifests;

namespace AetherFS.Core.Tests.Manifests;

public sealed class ManifestValidatorTests
{
    private static readonly DateTime Time = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly string Sig3 = BlockSignature.Compute(Encoding.UTF8.GetBytes("abc"));

    [Fact]
    public void Validate_AcceptsAValidManifest()
    {
        var manifest = new Manifest(
            ChunkingParameters.FixedSize(1024),
            [
                File("a", 1),
                Dir("d"),
                File("d/b", 2),
                Link("d/l", "../a"),
                Dir("d/sub"),
                Link("d/sub/up", "../../d/b"),
                File("e", 0),
                Link("top", "d/sub"),
            ],
            [new BlockRef(Sig3, 3)]);

        ManifestValidator.Validate(manifest);
    }

    [Fact]
    public void Validate_AcceptsAnEmptyManifest()
    {
        ManifestValidator.Validate(new Manifest(ChunkingParameters.FixedSize(1024), [], []));
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("..")]
    [InlineData("/etc/passwd")]
    [InlineData("a/./b")]
    [InlineData("./a")]
    [InlineData("a//b")]
    [InlineData("a/")]
    [InlineData("a\\b")]
    [InlineData("a\0b")]
    [InlineData("")]
    public void Validate_RejectsHostilePaths(string path)
    {
        var e = Reject([File(path, 3)]);
        Assert.Contains("path", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RejectsUnsortedEntries()
    {
        var e = Reject([File("b", 1), File("a", 2)]);
        Assert.Contains("order", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UsesOrdinalNotCultureOrder()
    {
        // Ordinal: "B" (0x42) < "a" (0x61) and "a-b" < "a/b"; a culture-aware sort would disagree.
        Validate([File("B", 1), Dir("a"), File("a-b", 1), File("a/b", 1)], 3);
        Reject([File("a", 1), File("B", 2)]);
    }

    [Fact]
    public void Validate_RejectsDuplicatePaths()
    {
        Reject([File("a", 1), File("a", 2)]);
    }

    [Fact]
    public void Validate_RejectsAnEntryUnderAFile()
    {
        var e = Reject([File("f", 3), File("f/x", 0)]);
        Assert.Contains("not a directory", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RejectsAnEntryUnderASymlink()
    {
        var e = Reject([Dir("d"), Link("l", "d"), File("l/x", 3)]);
        Assert.Contains("not a directory", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RejectsAnEntryDeepUnderASymlink()
    {
        Reject([Link("l", "d"), Dir("l/a"), File("l/a/x", 3)]);
    }

    [Theory]
    [InlineData("top", "/etc")]
    [InlineData("top", "../x")]
    [InlineData("top", "..")]
    [InlineData("d/l", "../../x")]
    [InlineData("top", "a/../../x")]
    [InlineData("top", "b/../..")]
    [InlineData("d/l", "b/../x")]
    [InlineData("top", "")]
    public void Validate_RejectsSymlinksThatLeaveTheDataset(string path, string target)
    {
        var entries = path.StartsWith("d/", StringComparison.Ordinal)
            ? new[] { Dir("d"), Link(path, target), File("z", 3) }
            : [Link(path, target), File("z", 3)];
        var e = Reject(entries);
        Assert.Contains("symlink", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RejectsSymlinkWithoutTarget()
    {
        Reject([Link("l", null), File("z", 3)]);
    }

    [Fact]
    public void Validate_RejectsBlocksNotSummingToFileBytes()
    {
        var e = Assert.Throws<ManifestFormatException>(() => ManifestValidator.Validate(
            new Manifest(ChunkingParameters.FixedSize(1024), [File("a", 4)], [new BlockRef(Sig3, 3)])));
        Assert.Contains("3", e.Message, StringComparison.Ordinal);
        Assert.Contains("4", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RejectsBlocksWithoutFiles()
    {
        Assert.Throws<ManifestFormatException>(() => ManifestValidator.Validate(
            new Manifest(ChunkingParameters.FixedSize(1024), [], [new BlockRef(Sig3, 3)])));
    }

    [Theory]
    [InlineData("ABC")]
    [InlineData("")]
    [InlineData("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a")]
    [InlineData("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD")]
    public void Validate_RejectsInvalidBlockSignatures(string signature)
    {
        var e = Assert.Throws<ManifestFormatException>(() => ManifestValidator.Validate(
            new Manifest(ChunkingParameters.FixedSize(1024), [File("a", 3)], [new BlockRef(signature, 3)])));
        Assert.Contains("signature", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Validate_RejectsEmptyOrNegativeBlocks(int size)
    {
        Assert.Throws<ManifestFormatException>(() => ManifestValidator.Validate(
            new Manifest(ChunkingParameters.FixedSize(1024), [File("a", 3)], [new BlockRef(Sig3, 3), new BlockRef(Sig3, size)])));
    }

    [Theory]
    [InlineData(0x1000)]
    [InlineData(-1)]
    public void Validate_RejectsModesOutside0To07777(int mode)
    {
        Reject([File("a", 3) with { Mode = mode }]);
    }

    [Fact]
    public void Validate_AcceptsMode07777()
    {
        Validate([File("a", 3) with { Mode = 0xFFF }], 3);
    }

    [Fact]
    public void Validate_RejectsNegativeFileSize()
    {
        Reject([File("a", -1), File("b", 4)]);
    }

    [Fact]
    public void Validate_RejectsInvalidFileSha256()
    {
        Reject([File("a", 3) with { Sha256 = "nothex" }]);
    }

    [Fact]
    public void Validate_RejectsFileWithSymlinkTarget()
    {
        Reject([File("a", 3) with { Target = "b" }]);
    }

    [Fact]
    public void Validate_RejectsDirectoryCarryingFileFields()
    {
        Reject([Dir("d") with { Size = 3 }]);
        Reject([Dir("d") with { Target = "x" }, File("z", 3)]);
        Reject([Dir("d") with { Sha256 = Sig3 }, File("z", 3)]);
    }

    [Theory]
    [InlineData("rolling", 1024)]
    [InlineData("fixed", 1023)]
    [InlineData("fixed", (64 * 1024 * 1024) + 1)]
    public void Validate_RejectsUnknownChunking(string algorithm, int blockSize)
    {
        Assert.Throws<ManifestFormatException>(() => ManifestValidator.Validate(
            new Manifest(new ChunkingParameters(algorithm, blockSize, blockSize, blockSize), [File("a", 3)], [new BlockRef(Sig3, 3)])));
    }

    private static void Validate(ManifestEntry[] entries, int bytes) =>
        ManifestValidator.Validate(new Manifest(ChunkingParameters.FixedSize(1024), entries, bytes == 0 ? [] : [new BlockRef(Sig3, bytes)]));

    // Entries holding 3 bytes in all get one valid 3-byte block, so that only the rule under test can fail.
    private static ManifestFormatException Reject(ManifestEntry[] entries) =>
        Assert.Throws<ManifestFormatException>(() => ManifestValidator.Validate(
            new Manifest(ChunkingParameters.FixedSize(1024), entries, [new BlockRef(Sig3, 3)])));

    private static ManifestEntry File(string path, long size) => new(path, EntryType.File, size, 0x1A4, Time);

    private static ManifestEntry Dir(string path) => new(path, EntryType.Directory, 0, 0x1ED, Time);

    private static ManifestEntry Link(string path, string? target) => new(path, EntryType.Symlink, 0, 0x1FF, Time, target);
}
