using AetherFS.IntegrationTests.Infrastructure;

namespace AetherFS.IntegrationTests.Security;

/// <summary>
/// The CLI's login against the real hub's enforcement: what a user of a private dataset does, end to end.
/// </summary>
public sealed class LoginEndToEndTests : IClassFixture<AuthHubFixture>, IDisposable
{
    private readonly AuthHubFixture _fixture;
    private readonly TempDirectory _temp = new();

    public LoginEndToEndTests(AuthHubFixture fixture) => _fixture = fixture;

    public void Dispose() => _temp.Dispose();

    private string Hub => _fixture.Hub.Url.GetLeftPart(UriPartial.Authority);

    [Fact]
    public async Task PullOfAPrivateDataset_AsksForLogin_ThenWorksAfterIt_AndStopsAfterLogout()
    {
        var before = await Infrastructure.Cli.RunAsync(Environment(), "pull", "--hub", Hub, "maxmind:v1", _temp.Combine("before"));
        before.AssertFailedWithOneLine(7);
        Assert.Contains("auth login", before.StandardError, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_temp.Combine("before")));

        var wrong = await Infrastructure.Cli.RunWithInputAsync(Environment(), "not the password\n", "auth", "login", Hub, "--username", "bob", "--password-stdin");
        wrong.AssertFailedWithOneLine(7);

        var login = await Infrastructure.Cli.RunWithInputAsync(Environment(), AuthHubFixture.Password + "\n", "auth", "login", Hub, "--username", "bob", "--password-stdin");
        Assert.Contains($"logged in to {Hub} as bob", login.AssertSuccess().StandardOutput, StringComparison.Ordinal);

        (await Infrastructure.Cli.RunAsync(Environment(), "pull", "--hub", Hub, "maxmind:v1", _temp.Combine("after"))).AssertSuccess();
        Assert.True(File.Exists(Path.Join(_temp.Combine("after"), "data.bin")));

        // bob may read maxmind, not write it, and not read a dataset no rule gives him.
        var source = _temp.Combine("src");
        TreeBuilder.WriteFile(source, "new.bin", TreeBuilder.RandomBytes(10_000, 9));
        (await Infrastructure.Cli.RunAsync(Environment(), "push", "--hub", Hub, "-t", "maxmind:v2", source)).AssertFailedWithOneLine(8);
        (await Infrastructure.Cli.RunAsync(Environment(), "pull", "--hub", Hub, "private/x:v1", _temp.Combine("private"))).AssertFailedWithOneLine(8);

        (await Infrastructure.Cli.RunAsync(Environment(), "auth", "logout", Hub)).AssertSuccess();
        (await Infrastructure.Cli.RunAsync(Environment(), "pull", "--hub", Hub, "maxmind:v1", _temp.Combine("gone"))).AssertFailedWithOneLine(7);
    }

    private Dictionary<string, string> Environment() => ClientEnvironment.Isolated(_temp);
}
