using System.Security.Cryptography;
using System.Text;
using AetherFS.Core.Blocks;

namespace AetherFS.Core.Tests.Blocks;

public sealed class BlockSignatureTests
{
    [Fact]
    public void Compute_IsLowercaseHexSha256()
    {
        var data = Encoding.UTF8.GetBytes("abc");

        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", BlockSignature.Compute(data));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(data)), BlockSignature.Compute(data));
    }

    [Fact]
    public void Verify_AcceptsMatchingData()
    {
        var data = RandomNumberGenerator.GetBytes(4096);

        BlockSignature.Verify(BlockSignature.Compute(data), data);
    }

    [Fact]
    public void Verify_ThrowsDigestMismatchOnWrongData()
    {
        var data = RandomNumberGenerator.GetBytes(4096);
        var signature = BlockSignature.Compute(data);
        data[100] ^= 1;

        var e = Assert.Throws<DigestMismatchException>(() => BlockSignature.Verify(signature, data));

        Assert.Equal(signature, e.Expected);
        Assert.Equal(BlockSignature.Compute(data), e.Actual);
        Assert.Contains(signature, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_RejectsUppercaseSpellingOfTheRightHash()
    {
        var data = Encoding.UTF8.GetBytes("abc");

        Assert.Throws<DigestMismatchException>(() => BlockSignature.Verify(BlockSignature.Compute(data).ToUpperInvariant(), data));
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", true)]
    [InlineData("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD", false)]
    [InlineData("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", false)]
    [InlineData("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a", false)]
    public void IsValid_AcceptsOnly64LowercaseHex(string? signature, bool expected)
    {
        Assert.Equal(expected, BlockSignature.IsValid(signature));
    }
}
