using AetherFS.Storage.Retention;

namespace AetherFS.Storage.Tests.Retention;

public sealed class TagPatternTests
{
    [Theory]
    [InlineData("stable", "stable", true)]
    [InlineData("stable", "stable2", false)]
    [InlineData("v1.*", "v1.2.3", true)]
    [InlineData("v1.*", "v10", false)]
    [InlineData("*", "anything", true)]
    [InlineData("v?", "v7", true)]
    [InlineData("v?", "v17", false)]
    [InlineData("*-rc*", "2.0-rc1", true)]
    [InlineData("*-rc*", "2.0", false)]
    [InlineData("a*b*c", "aXXbYYbZc", true)]
    public void Matches_GlobsWithStarAndQuestionMark(string pattern, string tag, bool matches)
    {
        Assert.Equal(matches, TagPattern.Matches(pattern, tag));
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData(".hidden")]
    [InlineData("a/b")]
    public void Validate_RefusesWhatCouldNeverBeATag(string pattern)
    {
        Assert.NotNull(TagPattern.Validate(pattern));
    }

    [Fact]
    public void Validate_AcceptsWildcardsAnywhere()
    {
        Assert.Null(TagPattern.Validate("*"));
        Assert.Null(TagPattern.Validate("?table"));
        Assert.Null(TagPattern.Validate("release-*"));
    }
}
