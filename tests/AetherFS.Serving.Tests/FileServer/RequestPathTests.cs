using AetherFS.Serving.FileServer;

namespace AetherFS.Serving.Tests.FileServer;

public sealed class RequestPathTests
{
    [Fact]
    public void Parse_SplitsSegmentsBelowFs()
    {
        var (path, error) = RequestPath.Parse("/fs/maxmind/v1/data/cities.csv");

        Assert.Null(error);
        Assert.Equal(["maxmind", "v1", "data", "cities.csv"], path!.Segments);
        Assert.False(path.TrailingSlash);
    }

    [Theory]
    [InlineData("/fs/a/v1/", true, 2)]
    [InlineData("/fs/a/v1", false, 2)]
    [InlineData("/fs/", true, 0)]
    [InlineData("/fs", false, 0)]
    public void Parse_RecordsTrailingSlash(string target, bool trailingSlash, int segments)
    {
        var (path, _) = RequestPath.Parse(target);

        Assert.Equal(trailingSlash, path!.TrailingSlash);
        Assert.Equal(segments, path.Segments.Count);
    }

    [Fact]
    public void Parse_DecodesPercentEncodedUtf8AndIgnoresTheQuery()
    {
        var (path, _) = RequestPath.Parse("/fs/a/v1/%C3%BCn%C3%AF/with%20space.txt?download=1#frag");

        Assert.Equal(["a", "v1", "ünï", "with space.txt"], path!.Segments);
    }

    [Fact]
    public void Parse_DecodesOnlyOnce()
    {
        var (path, _) = RequestPath.Parse("/fs/a/v1/%252e%252e/x");

        Assert.Equal(["a", "v1", "%2e%2e", "x"], path!.Segments);
    }

    [Fact]
    public void Parse_AbsoluteFormTarget_UsesItsPath()
    {
        var (path, _) = RequestPath.Parse("http://hub.example.com:8080/fs/a/v1/x");

        Assert.Equal(["a", "v1", "x"], path!.Segments);
    }

    [Theory]
    [InlineData("/fs/x/v1/../../etc/passwd")]
    [InlineData("/fs/x/v1/./file")]
    [InlineData("/fs/x/v1/%2e%2e/%2e%2e/etc/passwd")]
    [InlineData("/fs/x/v1/%2E%2E/secret")]
    [InlineData("/fs/x/v1/a%2f..%2f..%2fetc")]
    [InlineData("/fs/x/v1/a%2F%2Fb")]
    [InlineData("/fs/x/v1/a%00b")]
    [InlineData("/fs/x/v1/a\\..\\b")]
    [InlineData("/fs/x/v1/a%5c..%5cb")]
    [InlineData("/fs/x/v1//etc")]
    [InlineData("/fs//x/v1")]
    [InlineData("/fs/x/v1/%zz")]
    [InlineData("/fs/x/v1/%2")]
    [InlineData("/fs/x/v1/%ff%fe")]
    [InlineData("/other/x/v1")]
    [InlineData("*")]
    public void Parse_RefusesHostileOrMalformedPaths(string target)
    {
        var (path, error) = RequestPath.Parse(target);

        Assert.Null(path);
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Theory]
    [InlineData("plain.txt")]
    [InlineData("with space & 'quotes'.txt")]
    [InlineData("日本語 ファイル.txt")]
    [InlineData("100%.csv")]
    [InlineData("a?b#c;d=e+f")]
    [InlineData("emoji 😀.png")]
    [InlineData("name:with:colons@and-at")]
    public void EscapedSegment_ParsesBackToTheSameName(string name)
    {
        var (path, _) = RequestPath.Parse("/fs/a/v1/" + UrlSegment.Escape(name));

        Assert.Equal(name, path!.Segments[^1]);
    }
}
