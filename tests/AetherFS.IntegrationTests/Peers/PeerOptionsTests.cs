using AetherFS.Agent.Configuration;
using AetherFS.Cli.Commands.Run;
using AetherFS.Cli.Infrastructure;
using AetherFS.IntegrationTests.Infrastructure;

namespace AetherFS.IntegrationTests.Peers;

/// <summary><c>run agent --peers/--peers-dns/--peer-token-file/--peer-mode</c> and their config-file keys: what they mean, and one clear line when wrong.</summary>
public sealed class PeerOptionsTests : IDisposable
{
    private const string Token = "0123456789abcdef0123456789abcdef";
    private readonly TempDirectory _work = new();

    public void Dispose() => _work.Dispose();

    [Theory]
    [InlineData(new[] { "--peers", "http://127.0.0.1:9001" }, "peers need the cluster token")]
    [InlineData(new[] { "--peers", "http://127.0.0.1:9001", "--peer-token-file", "SHORT" }, "the cluster token is too short")]
    [InlineData(new[] { "--peers", "ftp://127.0.0.1:9001", "--peer-token-file", "TOKEN" }, "invalid peer address 'ftp://127.0.0.1:9001'")]
    [InlineData(new[] { "--peers", "http://127.0.0.1:9001/x", "--peer-token-file", "TOKEN" }, "invalid peer address")]
    [InlineData(new[] { "--peers-dns", "agents:99999", "--peer-token-file", "TOKEN" }, "invalid peer DNS name 'agents:99999'")]
    [InlineData(new[] { "--peers", "http://127.0.0.1:9001", "--peers-dns", "agents", "--peer-token-file", "TOKEN" }, "not both")]
    [InlineData(new[] { "--peer-mode", "serve", "--peer-token-file", "TOKEN" }, "--peer-mode serve needs peers")]
    [InlineData(new[] { "--peers", "http://127.0.0.1:9001", "--peer-token-file", "TOKEN", "--peer-mode", "always" }, "invalid peer mode 'always'")]
    [InlineData(new[] { "--peers", "http://127.0.0.1:9001", "--peer-token-file", "MISSING" }, "cannot read peer token file")]
    [InlineData(new[] { "--peers", "http://127.0.0.1:9001", "--peer-token-file", "EMPTY" }, "is empty")]
    public async Task BadPeerSettings_AreRefusedAtStart_WithOneLine(string[] flags, string expected)
    {
        var args = flags.Select(Resolve).ToArray();

        var result = await Infrastructure.Cli.RunAsync(null, ["run", "agent", "--hub", "http://127.0.0.1:1", "--port", "0", "--cache-dir", _work.Combine("cache"), "--sync", $"a:v1={_work.Combine("a")}", .. args]);

        result.AssertFailedWithOneLine(2);
        Assert.Contains(expected, result.StandardError, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_work.Combine("a")), "nothing was created");
    }

    [Fact]
    public void Flags_GivePeersTokenAndMode_ServeByDefault()
    {
        var options = Parse("--peers", "http://127.0.0.1:9001,http://127.0.0.1:9002/", "--peers", "https://agent-3:8081", "--peer-token-file", TokenFile(Token + "\n"));

        Assert.Equal(["http://127.0.0.1:9001/", "http://127.0.0.1:9002/", "https://agent-3:8081/"], options.Peers.Select(p => p.AbsoluteUri));
        Assert.Equal(Token, options.PeerToken);
        Assert.Equal(PeerMode.Serve, options.PeerMode);
        Assert.Equal(PeerMode.Off, Parse().PeerMode);
        Assert.Equal(PeerMode.FetchOnly, Parse("--peers-dns", "agents.default.svc:8081", "--peer-token-file", TokenFile(Token), "--peer-mode", "fetch-only").PeerMode);
    }

    [Fact]
    public void TheToken_CanComeFromTheEnvironment()
    {
        AgentOptions options;
        using (CliEnvironment.Use(new Dictionary<string, string> { ["AETHERFS_PEER_TOKEN"] = Token }))
        {
            options = RunAgentCommand.ParseOptions(["--hub", "http://127.0.0.1:1", "--cache-dir", _work.Combine("cache"), "--sync", $"a:v1={_work.Combine("a")}", "--peers", "http://127.0.0.1:9001"]);
        }

        Assert.Equal(Token, options.PeerToken);
    }

    [Theory]
    [InlineData("peers:\n  - http://127.0.0.1:9001\n  - http://127.0.0.1:9002\npeerTokenFile: TOKEN\npeerMode: fetch-only\n", ".yaml")]
    [InlineData("{\"peers\": [\"http://127.0.0.1:9001\", \"http://127.0.0.1:9002\"], \"peerTokenFile\": \"TOKEN\", \"peerMode\": \"fetch-only\"}", ".json")]
    public void TheConfigFile_GivesPeerSettings(string text, string extension)
    {
        var config = _work.Combine("agent" + extension);
        File.WriteAllText(config, text.Replace("TOKEN", TokenFile(Token), StringComparison.Ordinal));

        var options = Parse("--config", config);

        Assert.Equal(2, options.Peers.Count);
        Assert.Equal(PeerMode.FetchOnly, options.PeerMode);
        Assert.Equal(Token, options.PeerToken);
    }

    [Fact]
    public async Task AnAgentServingPeersOnLoopbackOnly_SaysPeersCannotReachIt()
    {
        await using var hub = await HubHost.StartAsync();
        // .invalid never resolves: nothing leaves this machine, and nothing is synced (the tag does not exist).
        await using var agent = await AgentProcess.StartAsync(hub, _work.Combine("cache"), "--sync", $"peers/none:v1={_work.Combine("a")}", "--peers", "http://agent-2.invalid:8081", "--peer-token-file", TokenFile(Token));

        await agent.WaitForAsync(() => Task.FromResult(agent.Output.Contains("Peers cannot reach this agent: it listens on 127.0.0.1 only", StringComparison.Ordinal)), "the warning");
    }

    private AgentOptions Parse(params string[] args)
    {
        using (CliEnvironment.Use(new Dictionary<string, string>()))
        {
            return RunAgentCommand.ParseOptions(["--hub", "http://127.0.0.1:1", "--cache-dir", _work.Combine("cache"), "--sync", $"a:v1={_work.Combine("a")}", .. args]);
        }
    }

    private string Resolve(string flag) => flag switch
    {
        "TOKEN" => TokenFile(Token),
        "SHORT" => TokenFile("short"),
        "EMPTY" => TokenFile("\n"),
        "MISSING" => _work.Combine("no-such-token"),
        _ => flag,
    };

    private string TokenFile(string content)
    {
        var path = _work.Combine($"token-{Guid.NewGuid():N}");
        File.WriteAllText(path, content);
        return path;
    }
}
