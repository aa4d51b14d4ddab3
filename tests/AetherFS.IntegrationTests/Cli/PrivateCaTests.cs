using AetherFS.IntegrationTests.Infrastructure;

namespace AetherFS.IntegrationTests.Cli;

/// <summary>
/// Hubs and agents whose certificates a private CA issued: the CLI refuses them with one line until told to trust
/// that CA (<c>--ca-cert</c>, <c>AETHERFS_CA_CERT</c>, <c>SSL_CERT_FILE</c>), and the agent serves /fs over TLS.
/// </summary>
public sealed class PrivateCaTests : IAsyncLifetime
{
    private readonly TempDirectory _temp = new();
    private TestCertificateAuthority _ca = null!;
    private HubHost _hub = null!;

    public async Task InitializeAsync()
    {
        _ca = new TestCertificateAuthority(_temp.Combine("ca.pem"));
        _ca.IssueServerCertificate(_temp.Combine("hub.pem"), _temp.Combine("hub-key.pem"));
        // The certificate HubHost is handed only makes it name its URL https://localhost; trust comes from the CA.
        using var publicPart = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificateFromFile(_temp.Combine("hub.pem"));
        _hub = await HubHost.StartAsync(options: ["--tls-cert-path", _temp.Combine("hub.pem"), "--tls-key-path", _temp.Combine("hub-key.pem")], tlsCertificate: publicPart);
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        _ca.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public async Task Ls_WithoutTheCa_FailsWithOneLineNamingCaCert()
    {
        var result = await Infrastructure.Cli.RunAsync(WithoutSystemCaFile(), "ls");

        result.AssertFailedWithOneLine(4);
        Assert.Contains("not trusted", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("--ca-cert", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PushAndPull_WithCaCert_Work()
    {
        var source = _temp.Combine("src");
        TreeBuilder.WriteFile(source, "data.bin", TreeBuilder.RandomBytes(200_000, 14));
        var caCert = _temp.Combine("ca.pem");

        (await Infrastructure.Cli.RunAsync(WithoutSystemCaFile(), "push", "--ca-cert", caCert, "-t", "tls/data:v1", source)).AssertSuccess();
        (await Infrastructure.Cli.RunAsync(WithoutSystemCaFile(), "pull", "--ca-cert", caCert, "tls/data:v1", _temp.Combine("dst"))).AssertSuccess();

        TreeAssert.Equal(source, _temp.Combine("dst"));
    }

    [Theory]
    [InlineData("AETHERFS_CA_CERT")]
    [InlineData("SSL_CERT_FILE")]
    public async Task Ls_TrustsTheCaFromTheEnvironment(string variable)
    {
        var environment = WithoutSystemCaFile();
        environment[variable] = _temp.Combine("ca.pem");

        (await Infrastructure.Cli.RunAsync(environment, "ls")).AssertSuccess();
    }

    [Fact]
    public async Task CaCert_ThatHoldsNoCertificate_FailsWithOneLine()
    {
        File.WriteAllText(_temp.Combine("empty.pem"), "not a certificate\n");

        var result = await Infrastructure.Cli.RunAsync(WithoutSystemCaFile(), "ls", "--ca-cert", _temp.Combine("empty.pem"));

        result.AssertFailedWithOneLine(2);
        Assert.Contains("empty.pem", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CaCert_DoesNotExcuseACertificateForAnotherHost()
    {
        _ca.IssueServerCertificate(_temp.Combine("other.pem"), _temp.Combine("other-key.pem"), otherHost: "other.example");
        using var publicPart = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificateFromFile(_temp.Combine("other.pem"));
        await using var other = await HubHost.StartAsync(options: ["--tls-cert-path", _temp.Combine("other.pem"), "--tls-key-path", _temp.Combine("other-key.pem")], tlsCertificate: publicPart);

        var result = await Infrastructure.Cli.RunAsync(WithoutSystemCaFile(), "ls", "--hub", other.Url.ToString(), "--ca-cert", _temp.Combine("ca.pem"));

        result.AssertFailedWithOneLine(4);
        Assert.Contains("TLS handshake failed", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Agent_FollowsATlsHubWithTheCa_AndServesFsOverTls()
    {
        var source = _temp.Combine("agent-src");
        TreeBuilder.WriteFile(source, "data.bin", TreeBuilder.RandomBytes(100_000, 15));
        (await Infrastructure.Cli.RunAsync(WithoutSystemCaFile(), "push", "--ca-cert", _temp.Combine("ca.pem"), "-t", "tls/agent:v1", source)).AssertSuccess();
        _ca.IssueServerCertificate(_temp.Combine("agent.pem"), _temp.Combine("agent-key.pem"));
        // The agent's TLS settings from its config file, as a deployment would give them.
        File.WriteAllText(_temp.Combine("agent.yaml"), $"tlsCertPath: {_temp.Combine("agent.pem")}\ntlsKeyPath: {_temp.Combine("agent-key.pem")}\ncaCert: {_temp.Combine("ca.pem")}\n");

        await using var agent = await AgentHost.StartAsync(_hub, _temp.Combine("agent-cache"), "--config", _temp.Combine("agent.yaml"), "--sync", $"tls/agent:v1={_temp.Combine("synced")}");
        using var https = _ca.CreateTrustingClient(new Uri($"https://localhost:{agent.Port}/"));
        byte[]? served = null;
        await Eventually.HoldsAsync(
            async () =>
            {
                using var response = await https.GetAsync(new Uri("fs/tls/agent/v1/data.bin", UriKind.Relative));
                served = response.IsSuccessStatusCode ? await response.Content.ReadAsByteArrayAsync() : null;
                return served is not null;
            },
            "the agent serves the synced file over https",
            () => agent.Output);

        Assert.Equal(File.ReadAllBytes(Path.Join(source, "data.bin")), served);
    }

    // The test machine's own SSL_CERT_FILE, if any, must not decide whether the CA is trusted.
    private Dictionary<string, string> WithoutSystemCaFile()
    {
        var environment = new Dictionary<string, string>(_hub.Environment(_hub.NewCacheDirectory())) { ["SSL_CERT_FILE"] = "" };
        return environment;
    }
}
