using AetherFS.Hub.Security.Sessions;
using Microsoft.AspNetCore.Http;

namespace AetherFS.Hub.Tests.Security.Sessions;

public sealed class SameOriginTests
{
    [Theory]
    [InlineData("same-origin", null, true)]
    [InlineData(null, "http://hub.example:8080", true)]
    [InlineData(null, "HTTP://HUB.example:8080", true)]
    [InlineData("same-origin", "http://hub.example:8080", true)]
    [InlineData(null, null, false)]
    [InlineData("cross-site", null, false)]
    [InlineData("same-site", null, false)]
    [InlineData("none", null, false)]
    [InlineData("cross-site", "http://hub.example:8080", false)]
    [InlineData(null, "http://evil.example", false)]
    [InlineData(null, "http://hub.example", false)]
    [InlineData(null, "https://hub.example:8080", false)]
    [InlineData(null, "null", false)]
    public void FormPosts_AreTakenOnlyFromTheHubsOwnPages(string? fetchSite, string? origin, bool expected)
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("hub.example", 8080);
        if (fetchSite is not null)
        {
            context.Request.Headers["Sec-Fetch-Site"] = fetchSite;
        }

        if (origin is not null)
        {
            context.Request.Headers.Origin = origin;
        }

        Assert.Equal(expected, SameOrigin.Holds(context.Request));
    }
}
