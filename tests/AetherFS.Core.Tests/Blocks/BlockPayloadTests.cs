using System.Text;
using AetherFS.Core.Blocks;

namespace AetherFS.Core.Tests.Blocks;

public sealed class BlockPayloadTests
{
    private static readonly byte[] Text = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 5000).Select(i => $"row {i},name-{i % 37},value {i * 7}\n")));

    public static TheoryData<int> Levels => [0, 1, 3, 9, 19];

    [Theory]
    [MemberData(nameof(Levels))]
    public void Encode_ThenDecode_ReturnsTheRawBytesAtEveryLevel(int level)
    {
        using var payload = BlockPayload.Encode(Text, level);

        using var block = BlockPayload.Decode(payload.Span, BlockSignature.Compute(Text), Text.Length);

        Assert.Equal(Text, block.Memory.ToArray());
        Assert.Equal(level == 0 ? BlockCodec.Raw : BlockCodec.Zstd, BlockPayload.ReadHeader(payload.Span, "x").Codec);
    }

    [Fact]
    public void Compressible_IsStoredSmallerWithZstd()
    {
        using var payload = BlockPayload.Encode(Text, 3);

        Assert.True(payload.Length < Text.Length / 3, $"{payload.Length} bytes for {Text.Length}");
    }

    [Fact]
    public void Incompressible_IsStoredRawWithOnlyTheHeaderAdded()
    {
        var random = new byte[65536];
        new Random(1).NextBytes(random);

        using var payload = BlockPayload.Encode(random, 19);

        Assert.Equal(BlockCodec.Raw, BlockPayload.ReadHeader(payload.Span, "x").Codec);
        Assert.Equal(random.Length + BlockPayload.HeaderSize, payload.Length);
        using var block = BlockPayload.Decode(payload.Span, BlockSignature.Compute(random));
        Assert.Equal(random, block.Memory.ToArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void Decode_DetectsAFlippedBitAnywhereInTheBody(int level)
    {
        using var payload = BlockPayload.Encode(Text, level);
        var signature = BlockSignature.Compute(Text);

        foreach (var position in new[] { BlockPayload.HeaderSize, payload.Length / 2, payload.Length - 1 })
        {
            var corrupted = payload.Span.ToArray();
            corrupted[position] ^= 0x01;
            Assert.Throws<DigestMismatchException>(() => BlockPayload.Decode(corrupted, signature).Dispose());
        }
    }

    [Fact]
    public void Decode_RefusesBadHeadersTruncationAndWrongLengths()
    {
        using var payload = BlockPayload.Encode(Text, 3);
        var signature = BlockSignature.Compute(Text);
        var bytes = payload.Span.ToArray();

        var badMagic = bytes.ToArray();
        badMagic[0] = (byte)'X';
        var badVersion = bytes.ToArray();
        badVersion[4] = 9;
        var badCodec = bytes.ToArray();
        badCodec[5] = 7;
        var hugeLength = bytes.ToArray();
        hugeLength[11] = 0x7F;

        foreach (var bad in new[] { badMagic, badVersion, badCodec, hugeLength, bytes[..8], bytes[..(bytes.Length - 5)] })
        {
            Assert.Throws<DigestMismatchException>(() => BlockPayload.Decode(bad, signature).Dispose());
        }

        Assert.Throws<DigestMismatchException>(() => BlockPayload.Decode(bytes, signature, Text.Length + 1).Dispose());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void Verify_AcceptsWhatDecodeAcceptsAndRefusesWhatItRefuses(int level)
    {
        using var payload = BlockPayload.Encode(Text, level);
        var signature = BlockSignature.Compute(Text);
        var corrupted = payload.Span.ToArray();
        corrupted[^1] ^= 0x01;

        BlockPayload.Verify(payload.Span, signature, Text.Length);
        Assert.Throws<DigestMismatchException>(() => BlockPayload.Verify(corrupted, signature));
        Assert.Throws<DigestMismatchException>(() => BlockPayload.Verify(payload.Span, BlockSignature.Compute("other"u8)));
        Assert.Throws<DigestMismatchException>(() => BlockPayload.Verify(payload.Span, signature, Text.Length - 1));
    }

    [Fact]
    public void Decode_RefusesAPayloadOfOtherBytes()
    {
        using var payload = BlockPayload.Encode("other"u8, 3);

        var e = Assert.Throws<DigestMismatchException>(() => BlockPayload.Decode(payload.Span, BlockSignature.Compute(Text)).Dispose());
        Assert.Equal(BlockSignature.Compute("other"u8), e.Actual);
    }
}
