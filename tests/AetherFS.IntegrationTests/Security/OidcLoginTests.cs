using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using AetherFS.IntegrationTests.Infrastructure;

namespace AetherFS.IntegrationTests.Security;

/// <summary>
/// <c>aetherfs auth login</c> through the hub's OIDC issuer (the device authorization grant), approved at a real
/// issuer on loopback by submitting its pages; then what the stored login does: pulls, renewals by two commands at
/// once, logout.
/// </summary>
public sealed class OidcLoginTests : IClassFixture<OidcHubFixture>, IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    private readonly OidcHubFixture _fixture;
    private readonly TempDirectory _temp = new();

    public OidcLoginTests(OidcHubFixture fixture) => _fixture = fixture;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task DeviceLogin_StoresARenewableLogin_ThatPullsRenewsOnceForTwoCommandsAndLogsOut()
    {
        var environment = ClientEnvironment.IsolatedFreshCache(_temp, _fixture.Hub.Url.ToString());

        var login = await LoginAsync(environment, "gina");
        Assert.Equal(0, login.ExitCode);
        Assert.Contains($"logged in to {HubName} as gina", login.Output, StringComparison.Ordinal);

        var file = Path.Join(environment["XDG_CONFIG_HOME"], "aetherfs", "credentials.json");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        var stored = Entry(file);
        var firstRefresh = (string)stored["refreshToken"]!;
        Assert.False(string.IsNullOrEmpty(firstRefresh));
        Assert.DoesNotContain((string)stored["accessToken"]!, login.Output, StringComparison.Ordinal);

        // gina is in data-team by the issuer's claim: the stored login pulls maxmind.
        (await Infrastructure.Cli.RunAsync(environment, "pull", "maxmind:v1", _temp.Combine("first"))).AssertSuccess();
        var status = await Infrastructure.Cli.RunAsync(environment, "auth", "status", "--json");
        status.AssertSuccess();
        Assert.Contains("\"oidc\"", status.StandardOutput, StringComparison.Ordinal);

        // The access token expired: two commands renew at once. The issuer rotates refresh tokens and refuses a spent
        // one, so both succeed only when one renews and the other takes its fresh token.
        stored["expiresAt"] = DateTimeOffset.UtcNow.AddMinutes(-5).ToString("O");
        Rewrite(file, stored);
        var pulls = await Task.WhenAll(
            Infrastructure.Cli.RunProcessAsync(environment, "pull", "maxmind:v1", _temp.Combine("second")),
            Infrastructure.Cli.RunProcessAsync(environment, "pull", "maxmind:v1", _temp.Combine("third")));
        Assert.All(pulls, pull => pull.AssertSuccess());
        var renewed = Entry(file);
        Assert.NotEqual(firstRefresh, (string)renewed["refreshToken"]!);
        Assert.True(DateTimeOffset.Parse((string)renewed["expiresAt"]!, System.Globalization.CultureInfo.InvariantCulture) > DateTimeOffset.UtcNow);
        Assert.False(await RefreshWorksAsync(firstRefresh));

        // Logout revokes the refresh token at the issuer and forgets the login.
        var logout = await Infrastructure.Cli.RunAsync(environment, "auth", "logout", _fixture.Hub.Url.ToString());
        logout.AssertSuccess();
        Assert.False(await RefreshWorksAsync((string)renewed["refreshToken"]!));
        (await Infrastructure.Cli.RunAsync(environment, "pull", "maxmind:v1", _temp.Combine("after"))).AssertFailedWithOneLine(7);
    }

    [Fact]
    public async Task ExpiredLogin_TheIssuerWillNotRenew_FailsInOneLineNamingTheLogin()
    {
        var environment = ClientEnvironment.IsolatedFreshCache(_temp, _fixture.Hub.Url.ToString());
        Assert.Equal(0, (await LoginAsync(environment, "gina")).ExitCode);
        var file = Path.Join(environment["XDG_CONFIG_HOME"], "aetherfs", "credentials.json");
        var stored = Entry(file);
        stored["expiresAt"] = DateTimeOffset.UtcNow.AddMinutes(-5).ToString("O");
        stored["refreshToken"] = "not-a-refresh-token";
        Rewrite(file, stored);

        var pull = await Infrastructure.Cli.RunAsync(environment, "pull", "maxmind:v1", _temp.Combine("pulled"));

        pull.AssertFailedWithOneLine(7);
        Assert.Contains("auth login", pull.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("not-a-refresh-token", pull.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoginWithOidc_OnAHubWithoutAnIssuer_IsRefusedInOneLine()
    {
        await using var open = await HubHost.StartAsync();
        var environment = ClientEnvironment.IsolatedFreshCache(_temp, open.Url.ToString());

        (await Infrastructure.Cli.RunAsync(environment, "auth", "login", open.Url.ToString(), "--oidc")).AssertFailedWithOneLine(2);
        (await Infrastructure.Cli.RunAsync(environment, "auth", "login", "--oidc", "--with-token")).AssertFailedWithOneLine(2);
    }

    private string HubName => _fixture.Hub.Url.GetLeftPart(UriPartial.Authority);

    /// <summary>Runs <c>auth login</c>, approves the code it prints as <paramref name="account"/>, and waits for it to end.</summary>
    private async Task<(int ExitCode, string Output)> LoginAsync(Dictionary<string, string> environment, string account)
    {
        using var process = Process.Start(Infrastructure.Cli.StartInfo(environment, "auth", "login", _fixture.Hub.Url.ToString()))!;
        var output = new System.Text.StringBuilder();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            string? url = null;
            while (url is null && await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                output.AppendLine(line);
                url = line.StartsWith("(or open ", StringComparison.Ordinal) ? line["(or open ".Length..].TrimEnd(')') : null;
            }

            if (url is null)
            {
                // Only once the output ended: stderr is complete when the process is done, not before.
                Assert.Fail($"no verification link in: {output}{await stderr}");
            }

            using (var browser = new OidcBrowser(_fixture.Issuer))
            {
                await browser.ApproveDeviceAsync(new Uri(url), account);
            }

            output.Append(await process.StandardOutput.ReadToEndAsync(timeout.Token));
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, output + await stderr);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private async Task<bool> RefreshWorksAsync(string refreshToken)
    {
        using var http = new HttpClient { Timeout = Timeout };
        using var response = await http.PostAsync(
            new Uri(_fixture.Issuer.Url + "/token"),
            new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token",
                ["client_id"] = OidcIssuer.PublicClientId,
                ["refresh_token"] = refreshToken,
            }));
        return response.StatusCode == HttpStatusCode.OK;
    }

    private JsonObject Entry(string file) =>
        JsonNode.Parse(File.ReadAllText(file))!["hubs"]![HubName]!["oidc"]!.AsObject();

    private void Rewrite(string file, JsonObject entry)
    {
        var document = JsonNode.Parse(File.ReadAllText(file))!;
        document["hubs"]![HubName]!["oidc"] = JsonNode.Parse(entry.ToJsonString());
        File.WriteAllText(file, document.ToJsonString());
    }
}
