using AetherFS.Core.References;

namespace AetherFS.Core.Tests.References;

public sealed class DatasetNameTests
{
    [Theory]
    [InlineData("mnist")]
    [InlineData("0day")]
    [InlineData("a.b_c-d")]
    [InlineData("a/b/c")]
    [InlineData("@acme/mnist")]
    [InlineData("@acme/vision/mnist")]
    public void Validate_AcceptsLowercaseSegments(string name)
    {
        Assert.Null(DatasetName.Validate(name));
        Assert.True(DatasetName.IsValid(name));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Mnist")]
    [InlineData("a//b")]
    [InlineData("/a")]
    [InlineData("a/")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("a/..")]
    [InlineData("-a")]
    [InlineData(".a")]
    [InlineData("a b")]
    [InlineData("a:b")]
    [InlineData("a@b")]
    [InlineData("@acme")]
    [InlineData("@acme/")]
    [InlineData("a/@b")]
    [InlineData("ñame")]
    public void Validate_RejectsInvalidNames(string? name)
    {
        Assert.NotNull(DatasetName.Validate(name));
        Assert.False(DatasetName.IsValid(name));
    }

    [Fact]
    public void Validate_RejectsNamesLongerThan255Characters()
    {
        Assert.Null(DatasetName.Validate(new string('a', 255)));
        Assert.Contains("255", DatasetName.Validate(new string('a', 256)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tags")]
    [InlineData("a/tags")]
    [InlineData("a/tags/x")]
    public void Validate_RejectsTheReservedSegmentTags(string name)
    {
        Assert.Contains("reserved", DatasetName.Validate(name), StringComparison.Ordinal);
        Assert.Null(DatasetName.Validate("a/tagz/x"));
    }

    [Fact]
    public void Validate_ExplainsMissingNameAfterScope()
    {
        Assert.Contains("@scope/name", DatasetName.Validate("@acme"), StringComparison.Ordinal);
    }
}
