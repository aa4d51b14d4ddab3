using AetherFS.Core.References;

namespace AetherFS.Core.Tests.References;

public sealed class DatasetReferenceTests
{
    private const string Hex64 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [Fact]
    public void TryParse_NameOnly_DefaultsTagToLatest()
    {
        Assert.True(DatasetReference.TryParse("mnist", out var reference, out var error));
        Assert.Null(error);
        Assert.Equal(new DatasetReference(null, "mnist", "latest", null), reference);
    }

    [Fact]
    public void TryParse_ReadsNameAndTag()
    {
        Assert.True(DatasetReference.TryParse("mnist:v1.2_rc-3", out var reference, out _));
        Assert.Equal("mnist", reference.Name);
        Assert.Equal("v1.2_rc-3", reference.Tag);
        Assert.Null(reference.Host);
        Assert.Null(reference.Digest);
    }

    [Fact]
    public void Parse_ReadsHostPortNameAndTag()
    {
        var reference = DatasetReference.Parse("localhost:5000/team/mnist:v1");

        Assert.Equal("localhost:5000", reference.Host);
        Assert.Equal("team/mnist", reference.Name);
        Assert.Equal("v1", reference.Tag);
    }

    [Fact]
    public void Parse_TreatsBareLocalhostAsHost()
    {
        var reference = DatasetReference.Parse("localhost/mnist");

        Assert.Equal("localhost", reference.Host);
        Assert.Equal("mnist", reference.Name);
    }

    [Fact]
    public void Parse_TreatsFirstSegmentWithoutDotOrColonAsPartOfName()
    {
        var reference = DatasetReference.Parse("team/mnist:v1");

        Assert.Null(reference.Host);
        Assert.Equal("team/mnist", reference.Name);
    }

    [Theory]
    [InlineData("localhost:5000/mnist", "http://localhost:5000/")]
    [InlineData("localhost/mnist", "http://localhost/")]
    [InlineData("127.0.0.1:8080/mnist", "http://127.0.0.1:8080/")]
    [InlineData("127.1.2.3/mnist", "http://127.1.2.3/")]
    [InlineData("hub.example.com/mnist", "https://hub.example.com/")]
    [InlineData("hub.example.com:8443/mnist:v1", "https://hub.example.com:8443/")]
    [InlineData("10.0.0.5:5000/mnist", "https://10.0.0.5:5000/")]
    public void HostUrl_UsesHttpOnlyForLoopbackHosts(string value, string expected)
    {
        Assert.Equal(new Uri(expected), DatasetReference.Parse(value).HostUrl());
    }

    [Fact]
    public void HostUrl_IsNullWithoutHost()
    {
        Assert.Null(DatasetReference.Parse("mnist:v1").HostUrl());
    }

    [Fact]
    public void Parse_AcceptsNestedNames()
    {
        var reference = DatasetReference.Parse("a/b/c:t");

        Assert.Null(reference.Host);
        Assert.Equal("a/b/c", reference.Name);
        Assert.Equal("t", reference.Tag);
    }

    [Fact]
    public void Parse_AcceptsScopedNames()
    {
        var reference = DatasetReference.Parse("@acme/mnist:v2");

        Assert.Null(reference.Host);
        Assert.Equal("@acme/mnist", reference.Name);
        Assert.Equal("v2", reference.Tag);
        Assert.Null(reference.Digest);
    }

    [Fact]
    public void Parse_AcceptsScopedNameBehindHost()
    {
        var reference = DatasetReference.Parse("hub.example.com/@acme/mnist:v2");

        Assert.Equal("hub.example.com", reference.Host);
        Assert.Equal("@acme/mnist", reference.Name);
    }

    [Fact]
    public void Parse_ReadsDigest()
    {
        var reference = DatasetReference.Parse($"mnist@sha256:{Hex64}");

        Assert.Equal("mnist", reference.Name);
        Assert.Equal($"sha256:{Hex64}", reference.Digest);
        Assert.Equal($"mnist@sha256:{Hex64}", reference.ToString());
    }

    [Fact]
    public void Parse_ReadsDigestOfScopedNameBehindHost()
    {
        var reference = DatasetReference.Parse($"localhost:5000/@acme/mnist@sha256:{Hex64}");

        Assert.Equal("localhost:5000", reference.Host);
        Assert.Equal("@acme/mnist", reference.Name);
        Assert.Equal($"sha256:{Hex64}", reference.Digest);
    }

    [Fact]
    public void ToString_OmitsHost()
    {
        Assert.Equal("team/mnist:v1", DatasetReference.Parse("localhost:5000/team/mnist:v1").ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    [InlineData("MNIST")]
    [InlineData("team/Mnist")]
    [InlineData("a//b")]
    [InlineData("a/")]
    [InlineData("..")]
    [InlineData("a/../b")]
    [InlineData("a/./b")]
    [InlineData("/mnist")]
    [InlineData("-mnist")]
    [InlineData(".mnist")]
    [InlineData("_mnist")]
    [InlineData("a/-b")]
    [InlineData("mn ist")]
    [InlineData("@acme")]
    [InlineData("@/mnist")]
    [InlineData("mnist:-x")]
    [InlineData("mnist:.x")]
    [InlineData("mnist:")]
    [InlineData("mnist:v 1")]
    [InlineData("mnist@sha256:0123")]
    [InlineData("mnist@sha256:0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("mnist@sha512:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("mnist@0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("localhost:5000/")]
    [InlineData("localhost:5000/MNIST")]
    public void TryParse_RejectsInvalidReferences(string? value)
    {
        Assert.False(DatasetReference.TryParse(value, out var reference, out var error));
        Assert.Null(reference);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public void TryParse_RejectsTagLongerThan128Characters()
    {
        Assert.True(DatasetReference.TryParse("mnist:" + new string('t', 128), out _, out _));
        Assert.False(DatasetReference.TryParse("mnist:" + new string('t', 129), out _, out var error));
        Assert.Contains("128", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_RejectsTagContainingSlash()
    {
        Assert.False(DatasetReference.TryParse("mnist:a/b", out _, out _));
    }

    [Fact]
    public void TryParse_ErrorNamesTheReference()
    {
        Assert.False(DatasetReference.TryParse("Bad/Name", out _, out var error));
        Assert.Contains("'Bad/Name'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ThrowsFormatExceptionOnInvalidReference()
    {
        var e = Assert.Throws<FormatException>(() => DatasetReference.Parse("UPPER"));
        Assert.Contains("UPPER", e.Message, StringComparison.Ordinal);
    }
}
