using AetherFS.Core.Blocks;
using AetherFS.Core.Packs;
using AetherFS.Storage.Packs;

namespace AetherFS.Storage.Tests.Packs;

/// <summary>Whether a chunk is stored as a delta follows the copy the index locates it at.</summary>
public sealed class ChunkIndexDeltaTests
{
    private static string Sig(int i) => BlockSignature.Compute(BitConverter.GetBytes(i));

    [Fact]
    public void AChunkStoredAsADelta_KnowsItsBases_UntilACopyReadLaterHoldsItFull()
    {
        var index = new ChunkIndex();
        var delta = new StoredDelta(Sig(1), 500, [Sig(7)]);
        index.Add(new SegmentPack(Sig(100), 1, [new PackChunk(Sig(1), 16, 40, 900), new PackChunk(Sig(7), 92, 500, 900)], [delta]));

        Assert.Equal(delta, index.DeltaOf(Sha256Key.Parse(Sig(1))));
        Assert.Null(index.DeltaOf(Sha256Key.Parse(Sig(7))));

        index.Add(new SegmentPack(Sig(101), 1, [new PackChunk(Sig(1), 16, 500, 900)]));
        Assert.Null(index.DeltaOf(Sha256Key.Parse(Sig(1))));
    }

    [Fact]
    public void AQuarantinedDeltaCopy_IsNoLongerADelta()
    {
        var index = new ChunkIndex();
        index.Add(new SegmentPack(Sig(100), 1, [new PackChunk(Sig(1), 16, 40, 900)], [new StoredDelta(Sig(1), 500, [Sig(7)])]));

        index.Quarantine(new QuarantinedChunk(Sig(100), Sig(1)));

        Assert.Null(index.DeltaOf(Sha256Key.Parse(Sig(1))));
        Assert.True(index.IsQuarantined(Sha256Key.Parse(Sig(1))));
    }
}
