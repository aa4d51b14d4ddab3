using AetherFS.Hub.Security.Sessions;

namespace AetherFS.Hub.Tests.Security.Sessions;

public sealed class LocalReturnPathTests
{
    [Theory]
    [InlineData("/")]
    [InlineData("/ui/")]
    [InlineData("/ui/datasets/maxmind/-/tree/v1/?x=1")]
    [InlineData("/fs/public/a/v1/data.bin")]
    [InlineData("/ui/datasets/a%2F%2Fb/")]
    public void LocalPaths_AreKept(string path) => Assert.Equal(path, LocalReturnPath.Or(path, "/fallback"));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    [InlineData("\\\\evil.example/")]
    [InlineData("/ui/\\..\\evil")]
    [InlineData("https://evil.example/")]
    [InlineData("javascript:alert(1)")]
    [InlineData("evil.example/ui/")]
    [InlineData("/\t/evil.example/")]
    [InlineData("/ui/\r\nSet-Cookie: x=y")]
    [InlineData("/ui/ space")]
    [InlineData("/ui/caf\u00e9")]
    public void AnythingElse_IsTheFallback(string? path) => Assert.Equal("/fallback", LocalReturnPath.Or(path, "/fallback"));

    [Fact]
    public void OverlongPaths_AreTheFallback() => Assert.Equal("/fallback", LocalReturnPath.Or("/" + new string('a', 5000), "/fallback"));
}
