using System.Text;
using AetherFS.IntegrationTests.Infrastructure;

namespace AetherFS.IntegrationTests.Cli;

/// <summary>
/// CONTRACT TESTS of the CLI's login against <see cref="AuthContractHub"/>, a stand-in answering as issue 14's hub
/// side promises (whoami, 401 with a Basic challenge, 403): what the CLI sends, stores and prints. The real hub's
/// enforcement is tested where it is built.
/// </summary>
public sealed class AuthContractTests : IAsyncLifetime
{
    private readonly TempDirectory _temp = new();
    private AuthContractHub _hub = null!;

    public async Task InitializeAsync() => _hub = await AuthContractHub.StartAsync();

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        _temp.Dispose();
    }

    private string Hub => _hub.Url.GetLeftPart(UriPartial.Authority);

    [Fact]
    public async Task Login_WithPassword_StoresIt_AndEveryCommandSendsBasic()
    {
        var login = await Infrastructure.Cli.RunWithInputAsync(Environment(), AuthContractHub.Password + "\n", "auth", "login", Hub, "--username", "alice", "--password-stdin");
        login.AssertSuccess();
        Assert.Contains($"logged in to {Hub} as alice", login.StandardOutput, StringComparison.Ordinal);

        _hub.AuthorizationHeaders.Clear();
        (await Infrastructure.Cli.RunAsync(Environment(), "ls", "--hub", Hub)).AssertSuccess();

        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"alice:{AuthContractHub.Password}"));
        Assert.Equal([expected], _hub.AuthorizationHeaders);
        var status = await Infrastructure.Cli.RunAsync(Environment(), "auth", "status");
        Assert.Contains($"{Hub}: logged in as alice (user)", status.AssertSuccess().StandardOutput, StringComparison.Ordinal);
        AssertNoSecret(login, status);
    }

    [Fact]
    public async Task Login_WithWrongPassword_FailsWithOneLine_AndStoresNothing()
    {
        var login = await Infrastructure.Cli.RunWithInputAsync(Environment(), "guess\n", "auth", "login", Hub, "--username", "alice", "--password-stdin");

        login.AssertFailedWithOneLine(7);
        Assert.Contains("refused", login.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("guess", login.StandardError + login.StandardOutput, StringComparison.Ordinal);
        Assert.False(File.Exists(_temp.Combine("config", "aetherfs", "credentials.json")));
    }

    [Fact]
    public async Task Status_ReportsStoredCredentialsTheHubNoLongerAccepts()
    {
        Directory.CreateDirectory(_temp.Combine("config", "aetherfs"));
        File.WriteAllText(_temp.Combine("config", "aetherfs", "credentials.json"), "{\"hubs\":{\"" + Hub + "\":{\"username\":\"alice\",\"password\":\"old-password\"}}}");

        var status = (await Infrastructure.Cli.RunAsync(Environment(), "auth", "status")).AssertSuccess();

        Assert.Contains($"{Hub}: credentials as alice refused; log in again with 'aetherfs auth login {Hub}'", status.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("old-password", status.StandardOutput + status.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_WithToken_SendsBearer()
    {
        (await Infrastructure.Cli.RunWithInputAsync(Environment(), AuthContractHub.Token + "\n", "auth", "login", Hub, "--with-token")).AssertSuccess();
        _hub.AuthorizationHeaders.Clear();

        (await Infrastructure.Cli.RunAsync(Environment(), "ls", "--hub", Hub)).AssertSuccess();

        Assert.Equal([$"Bearer {AuthContractHub.Token}"], _hub.AuthorizationHeaders);
    }

    [Fact]
    public async Task Command_WithoutCredentials_SuggestsLogin_InOneLine()
    {
        var result = await Infrastructure.Cli.RunAsync(Environment(), "ls", "--hub", Hub);

        result.AssertFailedWithOneLine(7);
        Assert.Contains($"aetherfs auth login {Hub}", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Command_Forbidden_NamesWhatWasRefused_InOneLine()
    {
        var environment = Environment();
        environment["AETHERFS_TOKEN"] = AuthContractHub.ForbiddenToken;

        var result = await Infrastructure.Cli.RunAsync(environment, "ls", "--hub", Hub);

        result.AssertFailedWithOneLine(8);
        Assert.Contains("not allowed: GET /api/v1/datasets", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain(AuthContractHub.ForbiddenToken, result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenFromEnvironmentOrFile_WinsOverTheStoredLogin()
    {
        (await Infrastructure.Cli.RunWithInputAsync(Environment(), AuthContractHub.Password + "\n", "auth", "login", Hub, "-u", "alice", "--password-stdin")).AssertSuccess();
        var environment = Environment();
        environment["AETHERFS_TOKEN"] = AuthContractHub.Token;
        File.WriteAllText(_temp.Combine("token"), "from-file\n");
        _hub.AuthorizationHeaders.Clear();

        (await Infrastructure.Cli.RunAsync(environment, "ls", "--hub", Hub)).AssertSuccess();
        (await Infrastructure.Cli.RunAsync(environment, "ls", "--hub", Hub, "--token-file", _temp.Combine("token"))).AssertFailedWithOneLine(7);

        Assert.Equal([$"Bearer {AuthContractHub.Token}", "Bearer from-file"], _hub.AuthorizationHeaders);
    }

    [Fact]
    public async Task Agent_SendsTheTokenFromItsTokenFile()
    {
        File.WriteAllText(_temp.Combine("token"), AuthContractHub.Token + "\n");
        AetherFS.Agent.Configuration.AgentOptions options;
        using (AetherFS.Cli.Infrastructure.CliEnvironment.Use(Environment()))
        {
            options = AetherFS.Cli.Commands.Run.RunAgentCommand.ParseOptions(["--hub", Hub, "--token-file", _temp.Combine("token"), "--sync", $"x:v1={_temp.Combine("synced")}", "--cache-dir", _temp.Combine("cache")]);
        }

        using var runtime = new AetherFS.Agent.AgentRuntime(options, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);

        var identity = await runtime.Hub.WhoAmIAsync(CancellationToken.None);

        Assert.Equal(("ci-token", "token"), (identity!.Name, identity.Kind));
    }

    private static void AssertNoSecret(params CliResult[] results)
    {
        foreach (var result in results)
        {
            Assert.DoesNotContain(AuthContractHub.Password, result.StandardOutput + result.StandardError, StringComparison.Ordinal);
        }
    }

    private Dictionary<string, string> Environment() => ClientEnvironment.Isolated(_temp);
}
