using AetherFS.Core.References;

namespace AetherFS.Core.Tests.References;

public sealed class TagNameTests
{
    [Theory]
    [InlineData("latest")]
    [InlineData("V1.0")]
    [InlineData("_private")]
    [InlineData("2024-01-01")]
    [InlineData("a")]
    public void Validate_AcceptsDockerStyleTags(string tag)
    {
        Assert.Null(TagName.Validate(tag));
        Assert.True(TagName.IsValid(tag));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("-x")]
    [InlineData(".x")]
    [InlineData("a/b")]
    [InlineData("a:b")]
    [InlineData("a b")]
    [InlineData("é")]
    public void Validate_RejectsInvalidTags(string? tag)
    {
        Assert.NotNull(TagName.Validate(tag));
        Assert.False(TagName.IsValid(tag));
    }

    [Fact]
    public void Validate_AllowsAtMost128Characters()
    {
        Assert.Null(TagName.Validate(new string('x', 128)));
        Assert.NotNull(TagName.Validate(new string('x', 129)));
    }

    [Fact]
    public void Default_IsLatest()
    {
        Assert.Equal("latest", TagName.Default);
    }
}
