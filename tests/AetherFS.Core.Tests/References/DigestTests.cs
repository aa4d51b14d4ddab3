using System.Security.Cryptography;
using System.Text;
using AetherFS.Core.References;

namespace AetherFS.Core.Tests.References;

public sealed class DigestTests
{
    [Fact]
    public void Compute_IsSha256PrefixedLowercaseHex()
    {
        var bytes = Encoding.UTF8.GetBytes("hello");

        var digest = Digest.Compute(bytes);

        Assert.Equal("sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", digest);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), Digest.HexPart(digest));
    }

    [Fact]
    public void Compute_OfEmptyInputIsValid()
    {
        var digest = Digest.Compute([]);

        Assert.Equal("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", digest);
        Assert.True(Digest.IsValid(digest));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha256:")]
    [InlineData("sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b982")]
    [InlineData("sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b98244")]
    [InlineData("sha256:2CF24DBA5FB0A30E26E83B2AC5B9E29E1B161E5C1FA7425E73043362938B9824")]
    [InlineData("sha256:gcf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824")]
    [InlineData("SHA256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824")]
    [InlineData("sha512:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824")]
    [InlineData("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824")]
    public void IsValid_RejectsAnythingButSha256WithLowercaseHex(string? digest)
    {
        Assert.False(Digest.IsValid(digest));
    }

    [Fact]
    public void IsValid_AcceptsComputedDigests()
    {
        Assert.True(Digest.IsValid(Digest.Compute([1, 2, 3])));
    }
}
