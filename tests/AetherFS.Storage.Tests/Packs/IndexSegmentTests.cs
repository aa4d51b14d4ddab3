using AetherFS.Core.Blocks;
using AetherFS.Core.Packs;
using AetherFS.Storage.Packs;

namespace AetherFS.Storage.Tests.Packs;

public sealed class IndexSegmentTests
{
    private static string Sig(int i) => BlockSignature.Compute(BitConverter.GetBytes(i));

    [Fact]
    public void RoundTrips_PacksTombstonesAndPushId()
    {
        var segment = new IndexSegment(
            "0123456789abcdef0123456789abcdef",
            [new SegmentPack(Sig(100), 12345, [new PackChunk(Sig(1), 16, 500, 900), new PackChunk(Sig(2), 552, 70, 70)]), new SegmentPack(Sig(101), 99, [])],
            [Sig(200), Sig(201)]);

        var decoded = IndexSegment.Decode(segment.Encode());

        Assert.Equal(segment.PushId, decoded.PushId);
        Assert.Equal(segment.Tombstones, decoded.Tombstones);
        Assert.Equal(2, decoded.Packs.Count);
        Assert.Equal(segment.Packs[0].Chunks, decoded.Packs[0].Chunks);
        Assert.Equal((Sig(100), 12345L), (decoded.Packs[0].Id, decoded.Packs[0].Size));
    }

    [Fact]
    public void RoundTrips_QuarantinedChunks_AsVersionTwo_AndWithoutAnyStaysVersionOne()
    {
        var quarantined = new IndexSegment(null, [], [], [new QuarantinedChunk(Sig(100), Sig(1)), new QuarantinedChunk(Sig(101), Sig(2))]);
        var plain = new IndexSegment(null, [new SegmentPack(Sig(100), 1, [new PackChunk(Sig(1), 16, 500, 900)])], [Sig(200)]);

        var bytes = quarantined.Encode();
        var decoded = IndexSegment.Decode(bytes);

        Assert.Equal(2, bytes[4]);
        Assert.Equal(quarantined.Quarantined, decoded.Quarantined);
        Assert.Equal(1, plain.Encode()[4]);
        Assert.Empty(IndexSegment.Decode(plain.Encode()).Quarantined);
    }

    [Fact]
    public void WithoutAPush_HasNoPushId_AndCostsFortyEightBytesPerChunk()
    {
        var chunks = Enumerable.Range(0, 1000).Select(i => new PackChunk(Sig(i), i * 100, 90, 90)).ToList();
        var bytes = new IndexSegment(null, [new SegmentPack(Sig(-1), 1, chunks)], []).Encode();

        Assert.Null(IndexSegment.Decode(bytes).PushId);
        Assert.InRange(bytes.Length / 1000.0, 44, 48);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(40)]
    [InlineData(-1)]
    public void ADamagedSegment_IsRefused(int at)
    {
        var bytes = new IndexSegment(null, [new SegmentPack(Sig(100), 1, [new PackChunk(Sig(1), 16, 500, 900)])], []).Encode();
        bytes[at < 0 ? bytes.Length + at : at] ^= 1;

        Assert.Throws<InvalidDataException>(() => IndexSegment.Decode(bytes));
    }

    [Fact]
    public void ATruncatedSegment_IsRefused()
    {
        var bytes = new IndexSegment(null, [new SegmentPack(Sig(100), 1, [new PackChunk(Sig(1), 16, 500, 900)])], []).Encode();

        Assert.Throws<InvalidDataException>(() => IndexSegment.Decode(bytes.AsSpan(0, bytes.Length - 40)));
    }
}
