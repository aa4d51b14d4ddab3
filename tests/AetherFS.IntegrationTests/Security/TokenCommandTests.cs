using AetherFS.IntegrationTests.Infrastructure;

namespace AetherFS.IntegrationTests.Security;

/// <summary>
/// <c>aetherfs token create|list|revoke</c> against the real hub: what a user does to give CI a token, end to end.
/// </summary>
public sealed class TokenCommandTests : IClassFixture<AuthHubFixture>, IDisposable
{
    private readonly AuthHubFixture _fixture;
    private readonly TempDirectory _temp = new();

    public TokenCommandTests(AuthHubFixture fixture) => _fixture = fixture;

    public void Dispose() => _temp.Dispose();

    private string Hub => _fixture.Hub.Url.GetLeftPart(UriPartial.Authority);

    [Fact]
    public async Task TokenCreate_PrintsTheTokenOnce_ListShowsItWithoutTheSecret_RevokeEndsIt()
    {
        (await Infrastructure.Cli.RunWithInputAsync(Environment(), AuthHubFixture.Password + "\n", "auth", "login", Hub, "--username", "carol", "--password-stdin")).AssertSuccess();

        var create = (await Infrastructure.Cli.RunAsync(Environment(), "token", "create", "--name", "cli-ci", "--datasets", "maxmind", "--actions", "read", "--expires", "90d")).AssertSuccess();
        var token = create.StandardOutput.Trim();
        Assert.StartsWith("afs_", token, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', token);
        Assert.Contains("will not show it again", create.StandardError, StringComparison.Ordinal);

        (await Infrastructure.Cli.RunAsync(Environment(token), "pull", "maxmind:v1", _temp.Combine("pulled"))).AssertSuccess();
        (await Infrastructure.Cli.RunAsync(Environment(token), "pull", "public/a:v1", _temp.Combine("outside"))).AssertFailedWithOneLine(8);

        var list = (await Infrastructure.Cli.RunAsync(Environment(), "token", "list")).AssertSuccess();
        Assert.Contains("cli-ci\tcarol\tread on maxmind, expires ", list.StandardOutput, StringComparison.Ordinal);
        var json = (await Infrastructure.Cli.RunAsync(Environment(), "token", "list", "--json")).AssertSuccess();
        Assert.Contains(json.Json().GetProperty("tokens").EnumerateArray(), t => t.GetProperty("name").GetString() == "cli-ci");
        Assert.DoesNotContain(token, list.StandardOutput + json.StandardOutput, StringComparison.Ordinal);

        // A second token of that name, a token managing tokens, and bad input: one line each, nothing created.
        (await Infrastructure.Cli.RunAsync(Environment(), "token", "create", "--name", "cli-ci", "--datasets", "maxmind", "--actions", "read")).AssertFailedWithOneLine();
        (await Infrastructure.Cli.RunAsync(Environment(token), "token", "create", "--name", "child", "--datasets", "maxmind", "--actions", "read")).AssertFailedWithOneLine(8);
        (await Infrastructure.Cli.RunAsync(Environment(), "token", "create", "--name", "bad", "--datasets", "maxmind", "--actions", "fly")).AssertFailedWithOneLine(2);
        (await Infrastructure.Cli.RunAsync(Environment(), "token", "create", "--name", "bad", "--datasets", "maxmind", "--actions", "read", "--expires", "soon")).AssertFailedWithOneLine(2);
        Assert.DoesNotContain("bad", (await Infrastructure.Cli.RunAsync(Environment(), "token", "list")).AssertSuccess().StandardOutput, StringComparison.Ordinal);

        Assert.Contains("revoked token 'cli-ci'", (await Infrastructure.Cli.RunAsync(Environment(), "token", "revoke", "cli-ci")).AssertSuccess().StandardOutput, StringComparison.Ordinal);
        (await Infrastructure.Cli.RunAsync(Environment(token), "pull", "maxmind:v1", _temp.Combine("revoked"))).AssertFailedWithOneLine(7);
        (await Infrastructure.Cli.RunAsync(Environment(), "token", "revoke", "cli-ci")).AssertFailedWithOneLine(3);
    }

    private Dictionary<string, string> Environment(string token = "") => ClientEnvironment.IsolatedFreshCache(_temp, Hub, token);
}
