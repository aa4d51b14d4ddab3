using System.Text.Json;
using AetherFS.Client.Credentials;
using AetherFS.Protocol.Rest;

namespace AetherFS.Client.Tests.Credentials;

public sealed class OidcCredentialTests : IDisposable
{
    private static readonly Uri Hub = new("https://hub.example:8443/");
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void NeedsRenewal_AMinuteBeforeItExpires()
    {
        var expires = new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
        var credential = Credential("a", expires);

        Assert.False(credential.NeedsRenewal(expires - TimeSpan.FromMinutes(2)));
        Assert.True(credential.NeedsRenewal(expires - OidcCredential.RenewBefore));
        Assert.True(credential.NeedsRenewal(expires + TimeSpan.FromHours(1)));
    }

    [Fact]
    public async Task RenewingAtOnce_SpendsTheRefreshTokenOnce()
    {
        // Commands renewing together: the first renews under the lock; the others find its fresh token stored.
        var now = DateTimeOffset.UtcNow;
        var store = new CredentialStore(_temp.Combine("aetherfs"));
        await store.SaveAsync(Hub, new StoredCredential { Oidc = Credential("stale", now - TimeSpan.FromMinutes(1)) }, CancellationToken.None);
        var renewals = 0;

        var all = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            new CredentialStore(_temp.Combine("aetherfs")).RenewAsync(
                Hub,
                stored =>
                {
                    if (!stored.NeedsRenewal(now))
                    {
                        return Task.FromResult(stored);
                    }

                    Interlocked.Increment(ref renewals);
                    return Task.FromResult(Credential("fresh", now + TimeSpan.FromHours(1)));
                },
                CancellationToken.None))));

        Assert.Equal(1, renewals);
        Assert.All(all, c => Assert.Equal("fresh", c!.AccessToken));
        Assert.Equal("fresh", store.FindEntry(Hub)!.Oidc!.AccessToken);
    }

    [Fact]
    public async Task Renewing_AHubWithoutAnOidcLogin_ChangesNothing()
    {
        var store = new CredentialStore(_temp.Combine("aetherfs"));
        await store.SaveAsync(Hub, Client.Hub.HubCredential.Token("t"), CancellationToken.None);

        Assert.Null(await store.RenewAsync(Hub, c => Task.FromResult(c), CancellationToken.None));
        Assert.Equal("t", store.Find(Hub)!.Secret);
    }

    [Theory]
    [InlineData("""{"oidc":{"issuer":"https://id.example/","clientId":"cli","audience":"aetherfs","scopes":["openid","groups"]}}""", "openid groups")]
    [InlineData("""{"oidc":{"issuer":"https://id.example/","clientId":"cli","audience":"aetherfs"}}""", "openid offline_access")]
    public void Settings_AreReadFromTheHubsAuthConfig(string json, string scopes)
    {
        var settings = HubOidcSettings.From(JsonSerializer.Deserialize(json, ProtocolJsonContext.Default.AuthConfigResponse))!;

        Assert.Equal(new Uri("https://id.example/"), settings.Issuer);
        Assert.Equal("cli", settings.ClientId);
        Assert.Equal("aetherfs", settings.Audience);
        Assert.Equal(scopes, string.Join(' ', settings.Scopes));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"oidc":null}""")]
    [InlineData("""{"oidc":{"issuer":"https://id.example/","audience":"aetherfs"}}""")]
    [InlineData("""{"oidc":{"issuer":"not a url","clientId":"cli","audience":"aetherfs"}}""")]
    public void Settings_ALoginCannotUse_AreNone(string json)
    {
        Assert.Null(HubOidcSettings.From(JsonSerializer.Deserialize(json, ProtocolJsonContext.Default.AuthConfigResponse)));
    }

    private static OidcCredential Credential(string accessToken, DateTimeOffset expires) => new()
    {
        Issuer = "https://id.example/",
        ClientId = "cli",
        Audience = "aetherfs",
        TokenEndpoint = "https://id.example/token",
        AccessToken = accessToken,
        RefreshToken = "refresh",
        ExpiresAt = expires,
    };
}
