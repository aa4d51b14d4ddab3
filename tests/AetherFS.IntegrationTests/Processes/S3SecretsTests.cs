using AetherFS.IntegrationTests.Infrastructure;

namespace AetherFS.IntegrationTests.Processes;

/// <summary>The S3 secret never reaches a log line, an error or the help text, whatever the log level.</summary>
public sealed class S3SecretsTests : IClassFixture<S3rverFixture>, IDisposable
{
    // s3rver does not check SigV4 signatures, so any secret works with its access key.
    private const string Secret = "AetherFS-canary-secret-4f1c9b7e2d";
    private const string SessionToken = "AetherFS-canary-session-token-8a3e";
    private readonly S3rverProcess _server;
    private readonly TempDirectory _temp = new();

    public S3SecretsTests(S3rverFixture fixture) => _server = fixture.Server;

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("text", true)]
    [InlineData("json", false)]
    public async Task HubAtDebugLevel_NeverPrintsTheSecret(string format, bool secretAsFlag)
    {
        string[] options =
        [
            "--log-level", "debug", "--log-format", format,
            "--storage-driver", "s3", "--storage-s3-endpoint", _server.Endpoint, "--storage-s3-bucket", _server.Bucket,
            "--storage-s3-access-key-id", S3rverProcess.AccessKeyId, .. secretAsFlag ? ["--storage-s3-secret-access-key", Secret] : Array.Empty<string>(),
        ];
        var environment = new Dictionary<string, string> { ["AWS_SESSION_TOKEN"] = SessionToken };
        if (!secretAsFlag)
        {
            environment["STORAGE_S3_SECRET_ACCESS_KEY"] = Secret;
        }

        var output = string.Empty;
        await using (var hub = await HubProcess.StartAsync(options: options, environment: environment))
        {
            var source = _temp.Combine("src");
            TreeBuilder.CreateRichTree(source);
            var env = hub.Environment();
            (await Infrastructure.Cli.RunAsync(env, "push", "-t", $"secret/{format}:v1", source)).AssertSuccess();
            (await Infrastructure.Cli.RunAsync(env, "push", "-t", $"secret/{format}:v2", "--reread", source)).AssertSuccess();
            (await Infrastructure.Cli.RunAsync(env, "pull", $"secret/{format}:v1", _temp.Combine("dst"))).AssertSuccess();
            (await Infrastructure.Cli.RunAsync(env, "inspect", $"secret/{format}:absent")).AssertFailedWithOneLine(3);
            output = hub.Output;
        }

        Assert.Contains("Tagged secret/", output, StringComparison.Ordinal);
        Assert.Contains("secret ***", output, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, output, StringComparison.Ordinal);
        Assert.DoesNotContain(SessionToken, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_DoesNotShowASecretFromTheEnvironment()
    {
        var environment = new Dictionary<string, string> { ["STORAGE_S3_SECRET_ACCESS_KEY"] = Secret, ["AWS_SESSION_TOKEN"] = SessionToken };

        var help = (await Infrastructure.Cli.RunAsync(environment, "run", "hub", "--help")).AssertSuccess();

        Assert.Contains("--storage-s3-secret-access-key", help.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, help.StandardOutput + help.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain(SessionToken, help.StandardOutput + help.StandardError, StringComparison.Ordinal);
    }
}
