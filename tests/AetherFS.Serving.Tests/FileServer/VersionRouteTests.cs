using AetherFS.Serving.FileServer;

namespace AetherFS.Serving.Tests.FileServer;

public sealed class VersionRouteTests
{
    private const string Hex = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [Fact]
    public void Candidates_TryTheLongestNameFirst()
    {
        var routes = VersionRoute.Candidates(["a", "b", "c", "d"]);

        Assert.Equal(
            [("a/b/c", "d", ""), ("a/b", "c", "d"), ("a", "b", "c/d")],
            routes.Select(r => (r.Name, r.Reference, r.InnerPath)));
    }

    [Fact]
    public void Candidates_SkipReadingsWhoseNameOrTagIsInvalid()
    {
        // "x y" is neither a name segment nor a tag, "Sub" no name segment (uppercase), "tags" is reserved.
        var routes = VersionRoute.Candidates(["ds", "v1", "x y", "Sub", "f"]);
        var reserved = VersionRoute.Candidates(["ds", "tags", "v1"]);

        Assert.Equal([("ds", "v1", "x y/Sub/f")], routes.Select(r => (r.Name, r.Reference, r.InnerPath)));
        Assert.Equal([("ds", "tags", "v1")], reserved.Select(r => (r.Name, r.Reference, r.InnerPath)));
    }

    [Fact]
    public void Candidates_DigestSegmentEndsTheNameAndComesFirst()
    {
        var routes = VersionRoute.Candidates(["org", $"set@sha256:{Hex}", "dir", "file.bin"]);

        var first = routes[0];
        Assert.Equal(("org/set", $"sha256:{Hex}", "dir/file.bin"), (first.Name, first.Reference, first.InnerPath));
        Assert.True(first.ByDigest);
        Assert.Equal($"org/set@sha256:{Hex}", first.DisplayName);
    }

    [Fact]
    public void Candidates_DigestInTheTagsPlace_IsADigestRoute()
    {
        var routes = VersionRoute.Candidates(["org", "set", $"sha256:{Hex}", "file.bin"]);

        Assert.Contains(routes, r => r is { Name: "org/set", InnerPath: "file.bin", ByDigest: true });
    }

    [Fact]
    public void Candidates_ScopedNamesKeepTheirLeadingAt()
    {
        var byTag = VersionRoute.Candidates(["@team", "set", "v1", "f"]);
        var byDigest = VersionRoute.Candidates(["@team", $"set@sha256:{Hex}"]);

        Assert.Contains(byTag, r => r is { Name: "@team/set", Reference: "v1", InnerPath: "f" });
        Assert.Equal("@team/set", byDigest[0].Name);
        Assert.Empty(byDigest[0].Segments);
    }

    [Fact]
    public void Candidates_AtSignInAFileNameIsJustAName()
    {
        var routes = VersionRoute.Candidates(["ds", "v1", "user@host.txt"]);

        Assert.Equal([("ds", "v1", "user@host.txt")], routes.Select(r => (r.Name, r.Reference, r.InnerPath)));
    }

    [Fact]
    public void Candidates_MalformedDigestIsNoDigestRoute()
    {
        var routes = VersionRoute.Candidates(["ds@sha256:abc", "x"]);

        Assert.Empty(routes);
    }

    [Fact]
    public void Candidates_NeedANameAndATag()
    {
        Assert.Empty(VersionRoute.Candidates([]));
        Assert.Empty(VersionRoute.Candidates(["only-a-name"]));
    }
}
