using AetherFS.Core.Blocks;
using AetherFS.Core.Deltas;
using AetherFS.Core.Manifests;

namespace AetherFS.Core.Tests.Deltas;

public sealed class StreamDeltaBaseFinderTests
{
    private static readonly DateTime When = new(2026, 11, 30, 5, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void ABlockBeingCut_GetsTheCandidatesTheManifestFinderGivesOnceTheVersionIsPublished()
    {
        // v2 adds a file before the others, grows data, renames one: the three mappings the manifest finder makes.
        var held = Index("v1", [File("c.txt", 300), File("data", 1000), File("old", 700)], [.. Blocks("c", 3, 100), .. Blocks("d", 10, 100), .. Blocks("e", 7, 100)]);
        ManifestEntry[] entries = [File("a-new", 500), File("c.txt", 300), File("data", 2000), File("renamed", 900)];
        var blocks = Blocks("f", 37, 100);
        var wanted = Index("v2", entries, blocks);
        var manifestFinder = new DeltaBaseFinder(held, wanted);

        var streamFinder = new StreamDeltaBaseFinder(held, entries);

        for (var i = 0; i < blocks.Length; i++)
        {
            var expected = manifestFinder.CandidatesFor(blocks[i].Signature).Select(c => c.Select(b => b.Signature).ToList()).ToList();
            var actual = streamFinder.CandidatesFor(i * 100L, 100).Select(c => c.Select(b => b.Signature).ToList()).ToList();
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void ABlockOfTheSamePath_GetsTheWindowAroundItsPosition_ThenTheBlockThere()
    {
        var held = Index("v1", [File("data.csv", 1000)], Blocks("a", 10, 100));

        var candidates = new StreamDeltaBaseFinder(held, [File("data.csv", 1000)]).CandidatesFor(500, 100);

        Assert.Equal([Sig("a", 4), Sig("a", 5), Sig("a", 6)], candidates[0].Select(b => b.Signature));
        Assert.Equal([Sig("a", 5)], candidates[1].Select(b => b.Signature));
        Assert.Equal("sha256:" + "v1".PadLeft(64, '0'), new StreamDeltaBaseFinder(held, []).HeldDigest);
    }

    [Fact]
    public void AgainstAnEmptyVersion_OrForAnEmptyBlock_ThereAreNoCandidates()
    {
        Assert.Empty(new StreamDeltaBaseFinder(Index("v0", [], []), [File("f", 300)]).CandidatesFor(0, 100));
        Assert.Empty(new StreamDeltaBaseFinder(Index("v1", [File("f", 300)], Blocks("a", 3, 100)), [File("f", 300)]).CandidatesFor(0, 0));
    }

    private static string Sig(string prefix, int index) => prefix + index.ToString("x", System.Globalization.CultureInfo.InvariantCulture).PadLeft(64 - prefix.Length, '0');

    private static BlockRef[] Blocks(string prefix, int count, int size) => [.. Enumerable.Range(0, count).Select(i => new BlockRef(Sig(prefix, i), size))];

    private static ManifestEntry File(string path, long size) => new(path, EntryType.File, size, 420, When);

    private static ManifestIndex Index(string name, ManifestEntry[] entries, BlockRef[] blocks) =>
        new("sha256:" + name.PadLeft(64, '0'), new Manifest(ChunkingParameters.Default, entries, blocks));
}
