using AetherFS.Core.Packing;

namespace AetherFS.Core.Tests.Packing;

public sealed class SafePathTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("a/b/c.txt")]
    [InlineData("..a")]
    [InlineData("a..")]
    [InlineData(".hidden")]
    [InlineData("with space/ünï")]
    public void Validate_AcceptsRelativePaths(string path)
    {
        Assert.Null(SafePath.Validate(path));
    }

    [Theory]
    [InlineData("")]
    [InlineData("/")]
    [InlineData("/etc/passwd")]
    [InlineData("..")]
    [InlineData("../x")]
    [InlineData("a/../b")]
    [InlineData("a/..")]
    [InlineData(".")]
    [InlineData("./a")]
    [InlineData("a/./b")]
    [InlineData("a//b")]
    [InlineData("a/")]
    [InlineData("a\\b")]
    [InlineData("..\\x")]
    [InlineData("a\0b")]
    public void Validate_RejectsUnsafePaths(string path)
    {
        Assert.NotNull(SafePath.Validate(path));
    }

    [Fact]
    public void Validate_LimitsSegmentAndPathLength()
    {
        Assert.Null(SafePath.Validate(new string('a', 255)));
        Assert.NotNull(SafePath.Validate(new string('a', 256)));

        var longPath = string.Join('/', Enumerable.Repeat(new string('a', 100), 41));
        Assert.True(longPath.Length > SafePath.MaxPathLength);
        Assert.NotNull(SafePath.Validate(longPath));
    }

    [Theory]
    [InlineData("./a/b/", "a/b")]
    [InlineData("./", "")]
    [InlineData(".", "")]
    [InlineData("", "")]
    [InlineData("a", "a")]
    [InlineData("a/", "a")]
    [InlineData("././a", "a")]
    public void NormalizeArchiveName_StripsLeadingDotSlashAndTrailingSlash(string name, string expected)
    {
        Assert.Equal(expected, SafePath.NormalizeArchiveName(name, out var error));
        Assert.Null(error);
    }

    [Theory]
    [InlineData("/etc")]
    [InlineData("/etc/passwd")]
    [InlineData("a/../../b")]
    [InlineData("../b")]
    [InlineData("./../b")]
    [InlineData("a//b")]
    [InlineData("a/./b")]
    [InlineData("a\\..\\b")]
    public void NormalizeArchiveName_RefusesAbsoluteAndEscapingNames(string name)
    {
        SafePath.NormalizeArchiveName(name, out var error);

        Assert.NotNull(error);
    }

    [Theory]
    [InlineData("link", "target")]
    [InlineData("link", "a/b/c")]
    [InlineData("link", "./a")]
    [InlineData("link", ".")]
    [InlineData("d/link", "../x")]
    [InlineData("d/link", "..")]
    [InlineData("d/e/link", "../../x/y")]
    [InlineData("d/e/link", "../sibling")]
    public void ValidateSymlinkTarget_AcceptsTargetsInside(string link, string target)
    {
        Assert.Null(SafePath.ValidateSymlinkTarget(link, target));
    }

    [Theory]
    [InlineData("link", "")]
    [InlineData("link", "/etc")]
    [InlineData("link", "/")]
    [InlineData("link", "..")]
    [InlineData("link", "../x")]
    [InlineData("d/link", "../../x")]
    [InlineData("link", "a/../../x")]
    [InlineData("link", "b/../..")]
    [InlineData("d/e/link", "x/../y")]
    [InlineData("link", "a\0b")]
    public void ValidateSymlinkTarget_RefusesTargetsThatCanLeave(string link, string target)
    {
        var error = SafePath.ValidateSymlinkTarget(link, target);

        Assert.NotNull(error);
        Assert.Contains(link, error, StringComparison.Ordinal);
    }
}
