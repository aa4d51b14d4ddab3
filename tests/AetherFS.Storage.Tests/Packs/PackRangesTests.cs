using AetherFS.Storage.Packs;

namespace AetherFS.Storage.Tests.Packs;

public sealed class PackRangesTests
{
    private static LocatedChunk At(string pack, uint offset, int length, string? signature = null) =>
        new(signature ?? $"{pack}-{offset}", pack, new ChunkLocation(0, offset, length, length));

    [Fact]
    public void AdjacentChunks_OfOnePack_AreOneRead_InOffsetOrder()
    {
        var ranges = PackRanges.Plan([At("a", 300, 100), At("a", 16, 100), At("a", 152, 100)], maxGap: 1024, maxRange: 1 << 20).ToList();

        var range = Assert.Single(ranges);
        Assert.Equal((16L, 384L), (range.Start, range.Length));
        Assert.Equal([16u, 152u, 300u], range.Chunks.Select(c => c.Location.Offset));
    }

    [Fact]
    public void AGapWiderThanAllowed_SplitsTheRead()
    {
        var ranges = PackRanges.Plan([At("a", 0, 100), At("a", 100 + 2048, 100)], maxGap: 1024, maxRange: 1 << 20).ToList();

        Assert.Equal(2, ranges.Count);
    }

    [Fact]
    public void ARangeNeverGrowsPastTheMaximum()
    {
        var chunks = Enumerable.Range(0, 10).Select(i => At("a", (uint)(i * 100), 100)).ToList();

        var ranges = PackRanges.Plan(chunks, maxGap: 1024, maxRange: 300).ToList();

        Assert.All(ranges, r => Assert.True(r.Length <= 300));
        Assert.Equal(10, ranges.Sum(r => r.Chunks.Count));
    }

    [Fact]
    public void ChunksOfSeveralPacks_AreReadPerPack_AndRepeatsOnce()
    {
        var ranges = PackRanges.Plan([At("a", 0, 10, "x"), At("b", 0, 10, "y"), At("a", 0, 10, "x")], maxGap: 1024, maxRange: 1 << 20).ToList();

        Assert.Equal(["a", "b"], ranges.Select(r => r.PackId));
        Assert.Single(ranges[0].Chunks);
    }
}
