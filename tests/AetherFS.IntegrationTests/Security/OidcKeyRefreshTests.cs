using AetherFS.Hub.Security;
using AetherFS.Hub.Security.Oidc;
using AetherFS.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AetherFS.IntegrationTests.Security;

/// <summary>Tokens naming unknown keys make the hub ask the (real) issuer for its keys again, but boundedly.</summary>
public sealed class OidcKeyRefreshTests
{
    [Fact]
    public async Task UnknownKids_FetchTheIssuersKeys_AtMostOncePerInterval()
    {
        await using var issuer = await OidcIssuer.StartAsync(new OidcIssuerOptions());
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var counter = new RequestCounter();
        using var validator = new OidcTokenValidator(new OidcSettings(new Uri(issuer.Url), "aetherfs", "groups"), time, NullLogger<OidcTokenValidator>.Instance, counter);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        Assert.Equal("olivia", (await validator.ValidateAsync(OidcTokens.Good(issuer, "olivia"), timeout.Token)).Name);
        var afterFirst = counter.Count;
        for (var i = 0; i < 20; i++)
        {
            Assert.NotNull((await validator.ValidateAsync(OidcTokens.Bad(issuer, "unknown-kid"), timeout.Token)).Failure);
        }

        var afterForgeries = counter.Count;
        time.Advance(TimeSpan.FromSeconds(31));
        Assert.NotNull((await validator.ValidateAsync(OidcTokens.Bad(issuer, "unknown-kid"), timeout.Token)).Failure);

        Assert.Equal(2, afterFirst); // discovery and JWKS
        // One more look for twenty forgeries: discovery and JWKS at once, and perhaps the same again by the
        // configuration manager's background refresh, which it is asked for too.
        Assert.InRange(afterForgeries - afterFirst, 2, 4);
        Assert.True(counter.Count >= afterForgeries + 2, "another look once the interval has passed");
    }

    private sealed class RequestCounter : DelegatingHandler
    {
        private int _count;

        public RequestCounter()
            : base(new SocketsHttpHandler())
        {
        }

        public int Count => Volatile.Read(ref _count);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _count);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
