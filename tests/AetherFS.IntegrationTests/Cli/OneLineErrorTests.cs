using System.Net;
using System.Net.Sockets;
using AetherFS.IntegrationTests.Infrastructure;

namespace AetherFS.IntegrationTests.Cli;

/// <summary>Every failure is one line on stderr with a documented exit code: no stack trace, no .NET wording.</summary>
public sealed class OneLineErrorTests : IClassFixture<HubFixture>, IDisposable
{
    private readonly HubHost _hub;
    private readonly TempDirectory _temp = new();

    public OneLineErrorTests(HubFixture fixture) => _hub = fixture.Hub;

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("pul", "unknown command 'pul'; did you mean 'pull'?")]
    [InlineData("retention sett", "unknown command 'sett'; did you mean 'set'?")]
    [InlineData("tags --jsn x", "unknown option '--jsn'; did you mean '--json'?")]
    [InlineData("--log-levl debug ls", "unknown option '--log-levl'; did you mean '--log-level'?")]
    public async Task AMistypedCommandOrOption_GetsOneLineWithASuggestion(string args, string expected)
    {
        var result = await Infrastructure.Cli.RunAsync(_hub.Environment(), args.Split(' '));

        result.AssertFailedWithOneLine(2);
        Assert.Equal($"aetherfs: error: {expected}", result.StandardError.Trim());
    }

    [Fact]
    public async Task AMistypedOptionTakingAValue_IsNamed_NotItsValue()
    {
        var source = _temp.Combine("src");
        TreeBuilder.WriteFile(source, "a.txt", "a"u8.ToArray());

        var result = await Infrastructure.Cli.RunAsync(_hub.Environment(), "push", "-t", "typo:v1", "--pak-size", "1MiB", source);

        result.AssertFailedWithOneLine(2);
        Assert.Contains("unknown option '--pak-size'; did you mean '--pack-size'?", result.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("run agent --port x")]
    [InlineData("pull")]
    public async Task ABadOrMissingValue_IsSaidInTheUsersTerms(string args)
    {
        var result = await Infrastructure.Cli.RunAsync(_hub.Environment(), args.Split(' '));

        result.AssertFailedWithOneLine(2);
        Assert.DoesNotContain("System.", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("--help", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownLogLevelOrFormat_IsRefused_EvenByACommandThatLogsNothing()
    {
        (await Infrastructure.Cli.RunAsync(_hub.Environment(), "ls", "--log-level", "foo")).AssertFailedWithOneLine(2);
        (await Infrastructure.Cli.RunAsync(_hub.Environment(), "ls", "--log-format", "xml")).AssertFailedWithOneLine(2);
        var fromEnvironment = new Dictionary<string, string>(_hub.Environment()) { ["LOG_LEVEL"] = "loud" };
        (await Infrastructure.Cli.RunAsync(fromEnvironment, "ls")).AssertFailedWithOneLine(2);
    }

    [Fact]
    public async Task Https_ToAPlainHttpHub_SaysTheTlsHandshakeFailed()
    {
        var https = new UriBuilder(_hub.Url) { Scheme = "https" }.Uri.ToString();

        var result = await Infrastructure.Cli.RunAsync(_hub.Environment(), "ls", "--hub", https);

        result.AssertFailedWithOneLine(4);
        Assert.Contains("TLS handshake failed", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("plain-HTTP hub", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("inner exception", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunHub_OnABusyPort_PrintsOneLine_NoStackTrace()
    {
        using var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        var port = ((IPEndPoint)busy.LocalEndpoint).Port;

        var result = await Infrastructure.Cli.RunProcessAsync(null, "run", "hub", "--listen-address", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--storage-path", _temp.Combine("hub"));

        result.AssertFailedWithOneLine(1);
        Assert.Contains("address already in use", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAgent_WhoseSyncDirectoryCannotBeCreated_ExitsNonZeroWithOneLine()
    {
        // A regular file where a parent directory must go: the directory cannot be created, as under /proc.
        File.WriteAllText(_temp.Combine("a-file"), "not a directory");
        var directory = _temp.Combine("a-file", "data");

        var result = await Infrastructure.Cli.RunProcessAsync(_hub.Environment(_temp.Combine("cache")), "run", "agent", "--port", "0", "--sync", "t:v1=" + directory);

        result.AssertFailedWithOneLine(1);
        Assert.Contains(directory, result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("listening", result.StandardError, StringComparison.Ordinal);
    }
}
