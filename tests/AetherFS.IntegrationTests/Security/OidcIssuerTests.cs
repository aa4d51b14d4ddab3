using System.Net;
using AetherFS.IntegrationTests.Infrastructure;

namespace AetherFS.IntegrationTests.Security;

/// <summary>A hub whose OIDC issuer is away at start, and one that names users by their (verified) email.</summary>
public sealed class OidcIssuerTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task IssuerUnreachableAtStart_HubStarts_RefusesTokensWithOneLogLine_AndStillTakesPasswords()
    {
        await using var issuer = await OidcIssuer.StartAsync(new OidcIssuerOptions());
        var token = OidcTokens.Good(issuer, "olivia");
        await issuer.DisposeAsync(); // its address now answers nothing
        await using var hub = await StartHubAsync(issuer.Url, string.Empty);
        using var http = new HttpClient { BaseAddress = hub.Url, Timeout = TimeSpan.FromSeconds(60) };

        var first = await StatusAsync(http, OidcHubFixture.Bearer(token));
        var second = await StatusAsync(http, OidcHubFixture.Bearer(token));
        var password = await StatusAsync(http, AuthHubFixture.Basic("alice"));

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.OK), (first, second, password));
        Assert.Single(hub.Output.Split('\n'), line => line.Contains($"OIDC issuer {issuer.Url} is not reachable", StringComparison.Ordinal));
        Assert.Contains("audit unauthenticated reason=the OIDC issuer is not reachable", hub.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IssuerBackAfterAnOutage_TokensAreAcceptedAgain_WithoutRestartingTheHub()
    {
        await using var issuer = await OidcIssuer.StartAsync(new OidcIssuerOptions());
        await issuer.StopAsync();
        await using var hub = await StartHubAsync(issuer.Url, string.Empty);
        using var http = new HttpClient { BaseAddress = hub.Url, Timeout = TimeSpan.FromSeconds(60) };
        var token = OidcHubFixture.Bearer(OidcTokens.Good(issuer, "olivia"));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(http, token));

        await issuer.StartAgainAsync();

        var started = DateTime.UtcNow;
        await Eventually.HoldsAsync(async () => await StatusAsync(http, token) == HttpStatusCode.OK, "a token accepted once the issuer is back", () => hub.Output, TimeSpan.FromSeconds(60));
        Assert.Contains($"OIDC issuer {issuer.Url} is reachable again", hub.Output, StringComparison.Ordinal);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(40), $"took {DateTime.UtcNow - started}");
    }

    [Fact]
    public async Task KeyRotation_TokensSignedWithTheIssuersNewKey_AreAccepted()
    {
        await using var issuer = await OidcIssuer.StartAsync(new OidcIssuerOptions { Services = new Dictionary<string, OidcService> { ["ci"] = new("ci-secret-0123456789abcdef0123456789", []) } });
        await using var hub = await StartHubAsync(issuer.Url, string.Empty);
        using var http = new HttpClient { BaseAddress = hub.Url, Timeout = TimeSpan.FromSeconds(60) };
        var oldKey = issuer.SigningKey.KeyId;
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(http, OidcHubFixture.Bearer(OidcTokens.Good(issuer, "olivia"))));

        await issuer.StartAgainAsync(rotateKey: true);
        var rotated = await issuer.ClientCredentialsTokenAsync("ci");

        Assert.NotEqual(oldKey, issuer.SigningKey.KeyId);
        Assert.Contains(issuer.SigningKey.KeyId!, System.Text.Encoding.UTF8.GetString(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.DecodeBytes(rotated.Split('.')[0])), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(http, OidcHubFixture.Bearer(rotated)));
    }

    [Fact]
    public async Task UserClaimEmail_NamesTheUserByEmail_OnlyWhenTheIssuerVerifiedIt()
    {
        await using var issuer = await OidcIssuer.StartAsync(new OidcIssuerOptions());
        await using var hub = await StartHubAsync(issuer.Url, "  userClaim: email\n");
        using var http = new HttpClient { BaseAddress = hub.Url, Timeout = TimeSpan.FromSeconds(60) };
        var verified = OidcTokens.Good(issuer, "id-1", claims: new Dictionary<string, object> { ["email"] = "gina@example.com", ["email_verified"] = true });
        var unverified = OidcTokens.Good(issuer, "id-2", claims: new Dictionary<string, object> { ["email"] = "alice", ["email_verified"] = false });
        var none = OidcTokens.Good(issuer, "id-3");

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/auth/whoami") { Headers = { Authorization = OidcHubFixture.Bearer(verified) } };
        using var response = await http.SendAsync(request);

        Assert.Equal("{\"name\":\"gina@example.com\",\"kind\":\"oidc\",\"admin\":false}", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(http, OidcHubFixture.Bearer(unverified)));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(http, OidcHubFixture.Bearer(none)));
        Assert.Contains("reason=the bearer token's email is not verified", hub.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IssuerFlows_DeviceCode_AuthorizationCodeWithPkce_AndRefresh_GiveTokensTheHubTakes()
    {
        const string redirectUri = "http://127.0.0.1:9/callback";
        await using var issuer = await OidcIssuer.StartAsync(new OidcIssuerOptions
        {
            Accounts = new Dictionary<string, OidcAccount> { ["gina"] = new(["data-team"]) },
            RedirectUris = [redirectUri],
        });
        await using var hub = await StartHubAsync(issuer.Url, string.Empty);
        using var http = new HttpClient { BaseAddress = hub.Url, Timeout = TimeSpan.FromSeconds(60) };
        using var browser = new OidcBrowser(issuer);

        var device = await browser.DeviceFlowTokensAsync("gina");
        var refreshed = await browser.RefreshAsync(device.RefreshToken);
        using var code = new OidcBrowser(issuer);
        var browserLogin = await code.AuthorizationCodeTokensAsync("gina", redirectUri);

        foreach (var token in new[] { device.AccessToken, refreshed.AccessToken, browserLogin.AccessToken })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/auth/whoami") { Headers = { Authorization = OidcHubFixture.Bearer(token) } };
            using var response = await http.SendAsync(request);
            Assert.Equal("{\"name\":\"gina\",\"kind\":\"oidc\",\"admin\":false}", await response.Content.ReadAsStringAsync());
            Assert.Contains("\"groups\":[\"data-team\"]", System.Text.Encoding.UTF8.GetString(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.DecodeBytes(token.Split('.')[1])), StringComparison.Ordinal);
        }

        Assert.NotEqual(device.AccessToken, refreshed.AccessToken);
    }

    [Fact]
    public async Task AuthConfig_OnAHubWithoutOidc_IsEmpty()
    {
        await using var hub = await HubHost.StartAsync();
        using var http = new HttpClient { BaseAddress = hub.Url, Timeout = TimeSpan.FromSeconds(60) };

        Assert.Equal("{}", await http.GetStringAsync(new Uri("/api/v1/auth/config", UriKind.Relative)));
    }

    private async Task<HubHost> StartHubAsync(string issuer, string extraOidcKeys)
    {
        var config = _temp.Combine("auth-" + Guid.NewGuid().ToString("N") + ".yaml");
        var hash = AetherFS.Hub.Security.PasswordHash.Create(AuthHubFixture.Password, AetherFS.Hub.Security.PasswordHash.MinIterations);
        await File.WriteAllTextAsync(config, $"users:\n  alice: \"{hash}\"\noidc:\n  issuer: {issuer}\n  audience: aetherfs\n{extraOidcKeys}admins: [alice]\n");
        return await HubHost.StartAsync(options: ["--auth-config", config]);
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient http, System.Net.Http.Headers.AuthenticationHeaderValue authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/auth/whoami") { Headers = { Authorization = authorization } };
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }
}
