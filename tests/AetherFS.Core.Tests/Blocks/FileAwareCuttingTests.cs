using AetherFS.Core.Blocks;
using AetherFS.Core.Manifests;

namespace AetherFS.Core.Tests.Blocks;

public sealed class FileAwareCuttingTests
{
    private static readonly ChunkingParameters Small = ChunkingParameters.ContentDefined(2 * 1024, 8 * 1024, 32 * 1024);

    [Fact]
    public void ContentDefinedBlocks_EndAtFileStartsOnceTheyHoldTheMinimum()
    {
        var data = ChunkedData.Random(400_000, 1);
        var fileStarts = Enumerable.Range(1, 39).Select(i => (long)i * 10_007).ToArray();

        var cuts = CutOffsets(data, Small, fileStarts);

        // The rule: a file start is a cut unless the block it falls in began less than MinSize before it.
        foreach (var start in fileStarts)
        {
            var previous = cuts.Where(c => c < start).DefaultIfEmpty(0).Max();
            Assert.True(cuts.Contains(start) || start - previous < Small.MinSize, $"file start {start} crossed by a block from {previous}");
        }

        Assert.True(fileStarts.Count(cuts.Contains) >= 10, "file starts should become cuts");
        Assert.All(Sizes(cuts).SkipLast(1), s => Assert.InRange(s, Small.MinSize, Small.MaxSize));
    }

    [Fact]
    public void FixedSizeBlocks_IgnoreFileStarts()
    {
        var cuts = CutOffsets(ChunkedData.Random(40_000, 2), ChunkingParameters.FixedSize(8192), [5_000, 20_000]);

        Assert.Equal([8192L, 16384, 24576, 32768, 40000], cuts);
    }

    [Fact]
    public void MovingAFileToAnotherPlaceInTheStream_KeepsItsBlocks()
    {
        var a = ChunkedData.Random(100_000, 3);
        var b = ChunkedData.Random(100_000, 4);
        var c = ChunkedData.Random(100_000, 5);

        var before = Signatures([.. a, .. b, .. c], [100_000, 200_000]);
        var after = Signatures([.. b, .. a, .. c], [100_000, 200_000]);

        // Every block starts at a file start or follows a content-defined cut inside one file: all are shared.
        Assert.Empty(after.Except(before));
    }

    private static List<long> CutOffsets(byte[] data, ChunkingParameters parameters, long[] fileStarts)
    {
        long position = 0;
        return ChunkedData.Cut(data, parameters, fileStarts).Select(c => position += c.Size).ToList();
    }

    private static IEnumerable<long> Sizes(List<long> cuts) => cuts.Select((c, i) => c - (i == 0 ? 0 : cuts[i - 1]));

    private static HashSet<string> Signatures(byte[] data, long[] fileStarts) =>
        ChunkedData.Cut(data, Small, fileStarts).Select(c => c.Signature).ToHashSet();
}
