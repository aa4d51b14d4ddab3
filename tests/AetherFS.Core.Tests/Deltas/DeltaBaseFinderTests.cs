using AetherFS.Core.Blocks;
using AetherFS.Core.Deltas;
using AetherFS.Core.Manifests;

namespace AetherFS.Core.Tests.Deltas;

public sealed class DeltaBaseFinderTests
{
    private static readonly DateTime When = new(2026, 11, 30, 5, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void ABlockOfTheSamePath_GetsTheHeldBlockAtItsPosition_WithItsNeighboursFirst_ThenAlone()
    {
        var held = Index("v1", [File("data.csv", 1000)], Blocks("a", 10, 100));
        var wanted = Index("v2", [File("data.csv", 1000)], Blocks("b", 10, 100));
        var finder = new DeltaBaseFinder(held, wanted);

        var candidates = finder.CandidatesFor(Sig("b", 5));

        Assert.Equal(2, candidates.Count);
        Assert.Equal([Sig("a", 4), Sig("a", 5), Sig("a", 6)], candidates[0].Select(b => b.Signature));
        Assert.All(candidates[0], b => Assert.Equal(100, b.Size));
        Assert.Equal([Sig("a", 5)], candidates[1].Select(b => b.Signature));
    }

    [Fact]
    public void AFileThatMovedInTheStreamAndGrew_MapsItsOffsetProportionallyIntoTheHeldFile()
    {
        // v2 adds a file before the others, so data's bytes start 500 bytes later in the stream, and data doubled.
        var held = Index("v1", [File("c.txt", 300), File("data", 1000)], [.. Blocks("c", 3, 100), .. Blocks("d", 10, 100)]);
        var wanted = Index("v2", [File("a-new", 500), File("c.txt", 300), File("data", 2000)], [.. Blocks("n", 5, 100), .. Blocks("x", 3, 100), .. Blocks("e", 20, 100)]);
        var finder = new DeltaBaseFinder(held, wanted);

        // e10 holds data's bytes 1000-1099 (middle 1050), half-way through v2's file: v1's data at 525, block d5.
        Assert.Equal([Sig("d", 4), Sig("d", 5), Sig("d", 6)], finder.CandidatesFor(Sig("e", 10))[0].Select(b => b.Signature));
        Assert.Equal([Sig("c", 1)], finder.CandidatesFor(Sig("x", 1))[1].Select(b => b.Signature));
    }

    [Fact]
    public void ABlockSpanningTwoFiles_FollowsTheFileItOverlapsMost()
    {
        var held = Index("v1", [File("a", 250), File("b", 750)], Blocks("h", 10, 100));
        var wanted = Index("v2", [File("a", 220), File("b", 780)], Blocks("w", 5, 200));
        var finder = new DeltaBaseFinder(held, wanted);

        // w1 is bytes 200-399: 20 of a, 180 of b (b's bytes 0-179, middle 90 of 780), so v1's b at 86: stream 336, h3.
        Assert.Equal([Sig("h", 3)], finder.CandidatesFor(Sig("w", 1))[1].Select(b => b.Signature));
    }

    [Fact]
    public void ABlockOfANewFile_GetsTheHeldBlockAtItsProportionalPositionInTheWholeStream()
    {
        var held = Index("v1", [File("old-name", 1000)], Blocks("a", 10, 100));
        var wanted = Index("v2", [File("new-name", 2000)], Blocks("b", 10, 200));
        var finder = new DeltaBaseFinder(held, wanted);

        // b3 is bytes 600-799 of 2000 (middle 700): 350 of v1's 1000, block a3.
        Assert.Equal([Sig("a", 2), Sig("a", 3), Sig("a", 4)], finder.CandidatesFor(Sig("b", 3))[0].Select(b => b.Signature));
    }

    [Fact]
    public void TheWindow_StaysInsideTheHeldVersion_AndSkipsBlocksTooLargeToBeBases()
    {
        var held = Index("v1", [File("f", 1000)], Blocks("a", 10, 100));
        var wanted = Index("v2", [File("f", 1000)], Blocks("b", 10, 100));
        var finder = new DeltaBaseFinder(held, wanted);
        Assert.Equal([Sig("a", 0), Sig("a", 1), Sig("a", 2)], finder.CandidatesFor(Sig("b", 0))[0].Select(b => b.Signature));
        Assert.Equal([Sig("a", 0)], finder.CandidatesFor(Sig("b", 0))[1].Select(b => b.Signature));
        Assert.Equal([Sig("a", 7), Sig("a", 8), Sig("a", 9)], finder.CandidatesFor(Sig("b", 9))[0].Select(b => b.Signature));

        // One held block: only itself. A window with a block over the delta limit: only the block at the position.
        var single = new DeltaBaseFinder(Index("v1", [File("f", 100)], Blocks("a", 1, 100)), wanted);
        Assert.Equal([[Sig("a", 0)]], single.CandidatesFor(Sig("b", 4)).Select(c => c.Select(b => b.Signature)));
        var huge = BlockDelta.MaxRawBytes + 1;
        var large = new DeltaBaseFinder(
            Index("v1", [File("f", huge + 100L)], [new BlockRef(Sig("a", 0), 100), new BlockRef(Sig("a", 1), huge)]),
            Index("v2", [File("f", huge + 100L)], [new BlockRef(Sig("b", 0), 100), new BlockRef(Sig("b", 1), huge)]));
        Assert.Equal([[Sig("a", 0)]], large.CandidatesFor(Sig("b", 0)).Select(c => c.Select(b => b.Signature)));
        Assert.Empty(large.CandidatesFor(Sig("b", 1)));
    }

    [Fact]
    public void ABlockTheHolderHas_OrNotOfTheWantedVersion_OrAgainstAnEmptyVersion_GetsNoCandidates()
    {
        var held = Index("v1", [File("f", 300)], Blocks("a", 3, 100));
        var wanted = Index("v2", [File("f", 300)], [new BlockRef(Sig("a", 0), 100), .. Blocks("b", 2, 100)]);
        var finder = new DeltaBaseFinder(held, wanted);

        Assert.True(finder.IsHeld(Sig("a", 0)));
        Assert.Empty(finder.CandidatesFor(Sig("a", 0)));
        Assert.Empty(finder.CandidatesFor(Sig("z", 1)));
        Assert.NotEmpty(finder.CandidatesFor(Sig("b", 1)));
        Assert.Empty(new DeltaBaseFinder(Index("v0", [], []), wanted).CandidatesFor(Sig("b", 1)));
    }

    private static string Sig(string prefix, int index) => prefix + index.ToString("x", System.Globalization.CultureInfo.InvariantCulture).PadLeft(64 - prefix.Length, '0');

    private static BlockRef[] Blocks(string prefix, int count, int size) => [.. Enumerable.Range(0, count).Select(i => new BlockRef(Sig(prefix, i), size))];

    private static ManifestEntry File(string path, long size) => new(path, EntryType.File, size, 420, When);

    private static ManifestIndex Index(string name, ManifestEntry[] entries, BlockRef[] blocks) =>
        new("sha256:" + name.PadLeft(64, '0'), new Manifest(ChunkingParameters.Default, entries, blocks));
}
