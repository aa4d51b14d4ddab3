using System.Text.Json;
using AetherFS.IntegrationTests.Infrastructure;

namespace AetherFS.IntegrationTests.Cli;

/// <summary>
/// <c>aetherfs auth</c> against today's hub, which has no authentication (no whoami): credentials are stored with a
/// note, in a file only the user can read, shown without secrets, and forgotten on logout.
/// </summary>
public sealed class AuthTests : IClassFixture<HubFixture>, IDisposable
{
    private const string Secret = "s3cr3t-passw0rd";
    private readonly HubHost _hub;
    private readonly TempDirectory _temp = new();

    public AuthTests(HubFixture fixture) => _hub = fixture.Hub;

    public void Dispose() => _temp.Dispose();

    private string Hub => _hub.Url.GetLeftPart(UriPartial.Authority);

    private string CredentialsFile => _temp.Combine("config", "aetherfs", "credentials.json");

    [Fact]
    public async Task Login_ToAHubWithoutAuthentication_StoresOwnerOnly_WithANote()
    {
        var login = await Infrastructure.Cli.RunWithInputAsync(Environment(), Secret + "\n", "auth", "login", Hub, "--username", "alice", "--password-stdin");

        login.AssertSuccess();
        Assert.Contains($"stored credentials for {Hub}", login.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("does not check", login.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(CredentialsFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_temp.Combine("config", "aetherfs")));
        Assert.DoesNotContain(Secret, login.StandardOutput + login.StandardError, StringComparison.Ordinal);
        // No temp file left beside it: the file was replaced whole by rename.
        Assert.Equal(["credentials.json"], Directory.GetFiles(_temp.Combine("config", "aetherfs")).Select(Path.GetFileName).Where(n => !n!.EndsWith(".lock", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Status_ShowsHubAndUser_NeverTheSecret_AndLogoutForgets()
    {
        (await Infrastructure.Cli.RunWithInputAsync(Environment(), Secret + "\n", "auth", "login", Hub, "-u", "alice", "--password-stdin")).AssertSuccess();

        var status = (await Infrastructure.Cli.RunAsync(Environment(), "auth", "status")).AssertSuccess();
        var json = (await Infrastructure.Cli.RunAsync(Environment(), "auth", "status", "--json")).AssertSuccess();

        Assert.Contains($"{Hub}: credentials stored as alice; the hub does not check them", status.StandardOutput, StringComparison.Ordinal);
        var entry = json.Json()[0];
        Assert.Equal((Hub, "alice", "unchecked", "password"), (entry.GetProperty("hub").GetString(), entry.GetProperty("username").GetString(), entry.GetProperty("status").GetString(), entry.GetProperty("credential").GetString()));
        Assert.DoesNotContain(Secret, status.StandardOutput + json.StandardOutput, StringComparison.Ordinal);

        Assert.Contains($"logged out of {Hub}", (await Infrastructure.Cli.RunAsync(Environment(), "auth", "logout", Hub)).AssertSuccess().StandardOutput, StringComparison.Ordinal);
        Assert.Contains("not logged in to any hub", (await Infrastructure.Cli.RunAsync(Environment(), "auth", "status")).AssertSuccess().StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, File.ReadAllText(CredentialsFile), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoLoginsAtOnce_BothLand()
    {
        var other = Hub.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);

        var results = await Task.WhenAll(
            Infrastructure.Cli.RunWithInputAsync(Environment(), "one\n", "auth", "login", Hub, "-u", "alice", "--password-stdin"),
            Infrastructure.Cli.RunWithInputAsync(Environment(), "two\n", "auth", "login", other, "--with-token"));

        Assert.All(results, r => r.AssertSuccess());
        using var stored = JsonDocument.Parse(File.ReadAllText(CredentialsFile));
        var hubs = stored.RootElement.GetProperty("hubs");
        Assert.Equal("alice", hubs.GetProperty(Hub).GetProperty("username").GetString());
        Assert.Equal("two", hubs.GetProperty(other).GetProperty("token").GetString());
    }

    [Fact]
    public async Task Login_WithoutPasswordStdin_OffATerminal_FailsWithOneLine_StoringNothing()
    {
        var result = await Infrastructure.Cli.RunAsync(Environment(), "auth", "login", Hub, "-u", "alice");

        result.AssertFailedWithOneLine(2);
        Assert.Contains("--password-stdin", result.StandardError, StringComparison.Ordinal);
        Assert.False(File.Exists(CredentialsFile));
    }

    [Fact]
    public async Task StoredCredentials_DoNotStopCommandsOnAHubWithoutAuthentication()
    {
        (await Infrastructure.Cli.RunWithInputAsync(Environment(), "a-token\n", "auth", "login", Hub, "--with-token")).AssertSuccess();

        (await Infrastructure.Cli.RunAsync(Environment(), "ls")).AssertSuccess();
    }

    private Dictionary<string, string> Environment() => new(_hub.Environment())
    {
        ["XDG_CONFIG_HOME"] = _temp.Combine("config"),
        ["HOME"] = _temp.Combine("home"),
        ["AETHERFS_TOKEN"] = "",
        ["AETHERFS_TOKEN_FILE"] = "",
    };
}
