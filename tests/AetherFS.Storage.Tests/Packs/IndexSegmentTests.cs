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
    public void RoundTrips_StoredDeltas_WithTheirPack_AsVersionThree()
    {
        var packs = new[]
        {
            new SegmentPack(Sig(100), 1, [new PackChunk(Sig(1), 16, 500, 900)]),
            new SegmentPack(Sig(101), 2, [new PackChunk(Sig(2), 16, 40, 900), new PackChunk(Sig(3), 92, 30, 800)], [new StoredDelta(Sig(2), 480, [Sig(7)]), new StoredDelta(Sig(3), 470, [Sig(7), Sig(8), Sig(9)])]),
        };
        var segment = new IndexSegment(null, packs, [], [new QuarantinedChunk(Sig(100), Sig(1))]);

        var bytes = segment.Encode();
        var decoded = IndexSegment.Decode(bytes);

        Assert.Equal(3, bytes[4]);
        Assert.Empty(decoded.Packs[0].Deltas);
        Assert.Equal([Sig(2), Sig(3)], decoded.Packs[1].Deltas.Select(d => d.Signature));
        Assert.Equal([480, 470], decoded.Packs[1].Deltas.Select(d => d.FullPayloadLength));
        Assert.Equal([Sig(7), Sig(8), Sig(9)], decoded.Packs[1].Deltas[1].Bases);
        Assert.Equal(segment.Quarantined, decoded.Quarantined);
    }

    [Fact]
    public void AStoredDeltaNamingAPackTheSegmentLacks_IsRefused()
    {
        var bytes = new IndexSegment(null, [new SegmentPack(Sig(100), 1, [new PackChunk(Sig(1), 16, 40, 900)], [new StoredDelta(Sig(1), 480, [Sig(7)])])], []).Encode();
        // The delta's pack number (the first field after the quarantined count), made 5, and the checksum made right again.
        var at = bytes.Length - 32 - (13 + 32);
        bytes[at] = 5;
        System.Security.Cryptography.SHA256.HashData(bytes.AsSpan(0, bytes.Length - 32), bytes.AsSpan(bytes.Length - 32));

        Assert.Throws<InvalidDataException>(() => IndexSegment.Decode(bytes));
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
