using System.Text;
using AetherFS.Core.Blocks;

namespace AetherFS.Core.Tests.Blocks;

public sealed class BlockDeltaTests
{
    [Fact]
    public void ADeltaAgainstThePreviousVersion_RoundTrips_AndIsAFractionOfTheFullPayload()
    {
        var (v1, v2) = Versions();
        var bases = new[] { new DeltaBase(BlockSignature.Compute(v1), v1.Length) };
        using var full = BlockPayload.Encode(v2, 3);
        using var delta = BlockDelta.Encode(v2, bases, v1, 3, full.Length);

        Assert.NotNull(delta);
        Assert.True(delta.Length * 10 < full.Length, $"delta {delta.Length} B, full {full.Length} B");
        Assert.True(BlockDelta.IsDelta(delta.Span));
        Assert.Equal(bases, BlockDelta.ReadBases(delta.Span, BlockSignature.Compute(v2)));
        using var decoded = BlockDelta.Decode(delta.Span, BlockSignature.Compute(v2), v1, v2.Length);
        Assert.Equal(v2, decoded.Memory.ToArray());
    }

    [Fact]
    public void SeveralBases_AreOnePrefixInOrder()
    {
        var (v2, bases, prefix, delta) = TwoBaseDelta();

        using var decoded = BlockDelta.Decode(delta, BlockSignature.Compute(v2), prefix);
        Assert.Equal(v2, decoded.Memory.ToArray());
    }

    [Fact]
    public void ADeltaNoSmallerThanTheLimit_IsNotMade()
    {
        var unrelated = Random(65536, 1);
        var basis = Random(65536, 2);
        Assert.Null(BlockDelta.Encode(unrelated, [new DeltaBase(BlockSignature.Compute(basis), basis.Length)], basis, 3, unrelated.Length));
        Assert.Null(BlockDelta.Encode(unrelated, [], [], 3, 100_000));
    }

    [Fact]
    public void AForgedDelta_ThatClaimsASignatureItsBytesDoNotProduce_IsRefused()
    {
        var (v1, v2) = Versions();
        using var delta = BlockDelta.Encode(v2, [new DeltaBase(BlockSignature.Compute(v1), v1.Length)], v1, 3, v2.Length)!;
        var claimed = BlockSignature.Compute("something else"u8);

        Assert.Throws<DigestMismatchException>(() => BlockDelta.Decode(delta.Span, claimed, v1).Dispose());
    }

    [Fact]
    public void ADeltaDecodedAgainstOtherBases_IsRefused()
    {
        var (v1, v2) = Versions();
        using var delta = BlockDelta.Encode(v2, [new DeltaBase(BlockSignature.Compute(v1), v1.Length)], v1, 3, v2.Length)!;
        var wrong = (byte[])v1.Clone();
        wrong[100] ^= 0xff;

        var error = Assert.Throws<DigestMismatchException>(() => BlockDelta.Decode(delta.Span, BlockSignature.Compute(v2), wrong).Dispose());
        Assert.Equal(BlockSignature.Compute(v2), error.Expected);
    }

    [Fact]
    public void ADecompressionBomb_IsRefused_WithoutWritingPastTheDeclaredLength()
    {
        // A frame of 8 MiB of zeros (a few hundred bytes) under a header that declares 1 KiB.
        var zeros = new byte[BlockDelta.MaxRawBytes];
        var basis = Random(1024, 3);
        var bases = new[] { new DeltaBase(BlockSignature.Compute(basis), basis.Length) };
        using var bomb = BlockDelta.Encode(zeros, bases, basis, 3, 100_000)!;
        Assert.True(bomb.Length < 2048);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bomb.Array.AsSpan(8, 4), 1024);

        var error = Assert.Throws<DigestMismatchException>(() => BlockDelta.Decode(bomb.Span, BlockSignature.Compute(zeros.AsSpan(0, 1024)), basis).Dispose());
        Assert.Contains("does not decode", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MalformedDeltas_AreRefusedWithAReason()
    {
        var (v1, v2) = Versions();
        var signature = BlockSignature.Compute(v2);
        using var delta = BlockDelta.Encode(v2, [new DeltaBase(BlockSignature.Compute(v1), v1.Length)], v1, 3, v2.Length)!;

        var noBases = delta.Span.ToArray();
        noBases[BlockPayload.HeaderSize] = 0;
        Assert.Throws<DigestMismatchException>(() => BlockDelta.ReadBases(noBases, signature));

        var tooMany = delta.Span.ToArray();
        tooMany[BlockPayload.HeaderSize] = BlockDelta.MaxBases + 1;
        Assert.Throws<DigestMismatchException>(() => BlockDelta.ReadBases(tooMany, signature));

        var hugeBase = delta.Span.ToArray();
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(hugeBase.AsSpan(BlockPayload.HeaderSize + 1 + 32), uint.MaxValue);
        Assert.Throws<DigestMismatchException>(() => BlockDelta.ReadBases(hugeBase, signature));

        var truncated = delta.Span[..(delta.Length - 5)].ToArray();
        Assert.Throws<DigestMismatchException>(() => BlockDelta.Decode(truncated, signature, v1).Dispose());

        Assert.Throws<DigestMismatchException>(() => BlockDelta.ReadBases(delta.Span[..20], signature));
    }

    [Fact]
    public void ReadersWithoutBases_RefuseADelta_AsUndecodable()
    {
        var (v1, v2) = Versions();
        using var delta = BlockDelta.Encode(v2, [new DeltaBase(BlockSignature.Compute(v1), v1.Length)], v1, 3, v2.Length)!;

        var error = Assert.Throws<DigestMismatchException>(() => BlockPayload.Decode(delta.Span, BlockSignature.Compute(v2)).Dispose());
        Assert.Contains("delta", error.Message, StringComparison.Ordinal);
        Assert.Throws<DigestMismatchException>(() => BlockPayload.Verify(delta.Span, BlockSignature.Compute(v2)));
    }

    [Fact]
    public void ACompactDelta_NamesItsBasesByPlace_AndExpandsBackToTheSameDelta()
    {
        var (v2, bases, prefix, delta) = TwoBaseDelta();
        var held = Enumerable.Range(0, 300_000).Select(i => new AetherFS.Core.Manifests.BlockRef(BlockSignature.Compute(BitConverter.GetBytes(i)), 100)).ToList();
        held[5] = new AetherFS.Core.Manifests.BlockRef(bases[0].Signature, bases[0].Size);
        held[299_999] = new AetherFS.Core.Manifests.BlockRef(bases[1].Signature, bases[1].Size);
        var signature = BlockSignature.Compute(v2);

        var compact = BlockDelta.Compact(delta, signature, [5, 299_999]);

        Assert.Equal(delta.Length - (2 * 36) + 1 + 3, compact.Length);
        Assert.True(BlockDelta.IsDelta(compact));
        Assert.Throws<DigestMismatchException>(() => BlockPayload.Decode(compact, signature).Dispose());
        using var expanded = BlockDelta.Expand(compact, signature, held);
        Assert.Equal(delta, expanded.Span.ToArray());
        using var decoded = BlockDelta.Decode(expanded.Span, signature, prefix);
        Assert.Equal(v2, decoded.Memory.ToArray());
    }

    [Fact]
    public void ACompactDelta_NamingAPlaceOutsideTheHeldVersion_OrMalformed_IsRefused()
    {
        var (v1, v2) = Versions();
        var signature = BlockSignature.Compute(v2);
        using var delta = BlockDelta.Encode(v2, [new DeltaBase(BlockSignature.Compute(v1), v1.Length)], v1, 3, v2.Length)!;
        var held = new List<AetherFS.Core.Manifests.BlockRef> { new(BlockSignature.Compute(v1), v1.Length) };

        Assert.Throws<DigestMismatchException>(() => BlockDelta.Expand(BlockDelta.Compact(delta.Span, signature, [1]), signature, held).Dispose());

        var endless = BlockDelta.Compact(delta.Span, signature, [0]);
        endless[BlockPayload.HeaderSize + 1] = 0xff;
        for (var i = 2; i < 8; i++)
        {
            endless[BlockPayload.HeaderSize + i] = 0xff;
        }

        Assert.Throws<DigestMismatchException>(() => BlockDelta.Expand(endless, signature, held).Dispose());
        Assert.Throws<ArgumentException>(() => BlockDelta.Compact(delta.Span, signature, [0, 1]));
    }

    // 64 KiB of JSON-like records, and the same with a number changed in every eighth record (as a data update does).
    // v2 as a delta against v1 cut in two: two bases, their bytes concatenated as the prefix.
    private static (byte[] V2, DeltaBase[] Bases, byte[] Prefix, byte[] Delta) TwoBaseDelta()
    {
        var (v1, v2) = Versions();
        var first = v1[..(v1.Length / 2)];
        var second = v1[(v1.Length / 2)..];
        var bases = new[] { new DeltaBase(BlockSignature.Compute(first), first.Length), new DeltaBase(BlockSignature.Compute(second), second.Length) };
        using var prefix = BlockDelta.Prefix([first, second]);
        using var delta = BlockDelta.Encode(v2, bases, prefix.Span, 3, v2.Length)!;
        return (v2, bases, prefix.Span.ToArray(), delta.Span.ToArray());
    }

    private static (byte[] V1, byte[] V2) Versions()
    {
        var random = new Random(42);
        var v1 = new StringBuilder();
        var v2 = new StringBuilder();
        var i = 0;
        while (v1.Length < 65536)
        {
            var usage = random.Next(100_000);
            var record = $"{{\"feature\":\"feature-{i}\",\"status\":\"{(i % 3 == 0 ? "rec" : "cr")}\",\"usage_perc\":";
            v1.Append(record).Append(usage).Append("},\n");
            v2.Append(record).Append(i % 8 == 0 ? usage + 7 : usage).Append("},\n");
            i++;
        }

        return (Encoding.UTF8.GetBytes(v1.ToString()), Encoding.UTF8.GetBytes(v2.ToString()));
    }

    private static byte[] Random(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
