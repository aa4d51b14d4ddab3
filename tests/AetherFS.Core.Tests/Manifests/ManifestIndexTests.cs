using AetherFS.Core.Manifests;

namespace AetherFS.Core.Tests.Manifests;

public sealed class ManifestIndexTests
{
    private const string Digest = "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private static readonly DateTime When = new(2021, 10, 5, 12, 30, 15, DateTimeKind.Utc);

    [Fact]
    public void ChildrenOf_ListsDirectoriesImpliedAtEveryLevel()
    {
        // No directory entries at all: "a" and "a/b" exist only because "a/b/c.txt" does.
        var index = Index(File("a/b/c.txt", 3), File("z.txt", 1));

        Assert.Equal(["a", "z.txt"], index.ChildrenOf("").Select(e => e.Path));
        Assert.Equal(["a/b"], index.ChildrenOf("a").Select(e => e.Path));
        Assert.Equal(EntryType.Directory, index.ChildrenOf("a")[0].Type);
        Assert.True(index.IsDirectory("a"));
        Assert.True(index.IsDirectory("a/b"));
        Assert.False(index.IsDirectory("a/b/c.txt"));
        Assert.False(index.IsDirectory("nope"));
    }

    [Fact]
    public void ChildrenOf_MixesListedAndImpliedEntriesInPathOrder()
    {
        var index = Index(Dir("d"), File("d/m.txt", 1), File("d/n/deep.txt", 1), File("d/z.txt", 1));

        Assert.Equal(["d/m.txt", "d/n", "d/z.txt"], index.ChildrenOf("d").Select(e => e.Path));
    }

    [Fact]
    public void SizeUnder_CountsFilesRecursivelyAndNothingBesideThem()
    {
        // Ordinal order, as manifests hold it: '-' sorts before '/', and '0' right after it.
        var index = Index(Dir("a"), File("a-b", 100), File("a/x", 10), File("a/y/z", 5), File("a0", 1000), File("ab", 7), File("b", 3));

        Assert.Equal(15, index.SizeUnder("a"));
        Assert.Equal(5, index.SizeUnder("a/y"));
        Assert.Equal(0, index.SizeUnder("missing"));
        Assert.Equal(1125, index.SizeUnder(""));
    }

    [Fact]
    public void ResolvePath_FollowsSymlinksInEveryComponent()
    {
        var index = Index(
            Dir("data"), Dir("data/geo"), File("data/geo/cities.csv", 4),
            Link("current", "data"), Link("data/latest", "geo/cities.csv"), Link("up", "data/geo/../geo"));

        Assert.Equal("data/geo/cities.csv", index.ResolvePath("current/geo/cities.csv")?.Path);
        Assert.Equal("data/geo/cities.csv", index.ResolvePath("current/latest")?.Path);
        Assert.Equal("data/geo", index.ResolvePath("up")?.Path);
        Assert.Equal("data/geo/cities.csv", index.Resolve(index.Find("data/latest")!)?.Path);
        Assert.Equal(EntryType.Directory, index.ResolvePath("current")?.Type);
        Assert.Equal(string.Empty, index.ResolvePath("")?.Path);
    }

    [Theory]
    [InlineData("dangling")]
    [InlineData("loop-a")]
    [InlineData("self")]
    [InlineData("f/below-a-file")]
    [InlineData("missing/x")]
    public void ResolvePath_DanglingLoopingOrImpossiblePaths_AreNull(string path)
    {
        var index = Index(File("f", 1), Link("dangling", "nowhere"), Link("loop-a", "loop-b"), Link("loop-b", "loop-a"), Link("self", "self"));

        Assert.Null(index.ResolvePath(path));
    }

    [Fact]
    public void OffsetOf_IsTheFilesStartInThePackedStream()
    {
        var index = Index(File("a", 10), Dir("b"), File("b/c", 20), File("d", 5));

        Assert.Equal(30, index.OffsetOf(index.Find("d")!));
    }

    private static ManifestEntry File(string path, long size) => new(path, EntryType.File, size, 420, When);

    private static ManifestEntry Dir(string path) => new(path, EntryType.Directory, 0, 493, When);

    private static ManifestEntry Link(string path, string target) => new(path, EntryType.Symlink, 0, 511, When, target);

    private static ManifestIndex Index(params ManifestEntry[] entries)
    {
        var bytes = entries.Sum(e => e.Size);
        BlockRef[] blocks = bytes > 0 ? [new BlockRef(new string('0', 64), (int)bytes)] : [];
        return new ManifestIndex(Digest, new Manifest(ChunkingParameters.Default, entries, blocks));
    }
}
