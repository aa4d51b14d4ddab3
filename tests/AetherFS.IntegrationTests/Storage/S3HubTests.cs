using System.Diagnostics;
using AetherFS.IntegrationTests.Infrastructure;

namespace AetherFS.IntegrationTests.Storage;

/// <summary>
/// <c>run hub --storage-driver s3</c>: configured by flags or by the AWS variables, over TLS with a private CA, and
/// failing at start, in one line, when its bucket cannot be used.
/// </summary>
public sealed class S3HubTests : IClassFixture<S3rverFixture>, IDisposable
{
    private readonly S3rverProcess _server;
    private readonly TempDirectory _temp = new();

    public S3HubTests(S3rverFixture fixture) => _server = fixture.Server;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task MissingBucket_StopsTheHubAtStartWithOneLine()
    {
        var result = await RunHubAsync([.. Flags(bucket: "no-such-bucket")]);

        result.AssertFailedWithOneLine(1);
        Assert.Equal($"aetherfs: error: S3 bucket 'no-such-bucket' at {_server.Endpoint} does not exist", result.StandardError.Trim());
    }

    [Fact]
    public async Task UnknownAccessKey_StopsTheHubAtStartWithOneLine()
    {
        var result = await RunHubAsync([.. Flags(accessKeyId: "AKIAUNKNOWN")]);

        result.AssertFailedWithOneLine(1);
        Assert.Contains("InvalidAccessKeyId", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnreachableEndpoint_StopsTheHubAtStartWithOneLine()
    {
        var endpoint = $"http://127.0.0.1:{HubProcess.UnusedPort()}";
        var clock = Stopwatch.StartNew();

        var result = await RunHubAsync([.. Flags(endpoint: endpoint)]);

        result.AssertFailedWithOneLine(1);
        Assert.Contains($"S3 bucket '{_server.Bucket}' at {endpoint}: access check failed 3 time(s)", result.StandardError, StringComparison.Ordinal);
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task S3DriverWithoutBucket_IsInvalidInput()
    {
        var result = await RunHubAsync(["--storage-driver", "s3"]);

        result.AssertFailedWithOneLine(2);
        Assert.Contains("needs a bucket", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AwsVariables_ConfigureTheHub()
    {
        var environment = new Dictionary<string, string>
        {
            ["STORAGE_DRIVER"] = "s3",
            ["STORAGE_S3_BUCKET"] = _server.Bucket,
            ["STORAGE_S3_PREFIX"] = "from-env",
            ["AWS_ENDPOINT_URL_S3"] = _server.Endpoint,
            ["AWS_REGION"] = "eu-central-1",
            ["AWS_ACCESS_KEY_ID"] = S3rverProcess.AccessKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = S3rverProcess.SecretAccessKey,
        };
        // A real process: what it is configured by is its own environment, and what it says is its start-up line.
        await using var hub = await HubProcess.StartAsync(environment: environment);
        var source = _temp.Combine("src");
        TreeBuilder.WriteFile(source, "a.txt", "configured by AWS_* variables"u8.ToArray());

        (await Infrastructure.Cli.RunAsync(hub.Environment(), "push", "-t", "env/aws:v1", source)).AssertSuccess();
        (await Infrastructure.Cli.RunAsync(hub.Environment(), "pull", "env/aws:v1", _temp.Combine("dst"))).AssertSuccess();

        TreeAssert.Equal(source, _temp.Combine("dst"));
        Assert.Contains($"s3://{_server.Bucket}/from-env/ at {_server.Endpoint} (region eu-central-1", hub.Output, StringComparison.Ordinal);
        Assert.True(await S3HubOptions.CountAsync(_server, "from-env", "datasets/env/aws/tags/") == 1, "the tag is not under the prefix");
    }

    [Fact]
    public async Task TlsEndpoint_WorksWithItsCaAndStopsTheHubWithoutIt()
    {
        var certificate = _temp.Combine("s3.pem");
        var key = _temp.Combine("s3.key");
        using var _ = SelfSignedCertificate.Create(certificate, key);
        await using var tls = await S3rverProcess.StartAsync(settings: new S3rverSettings(CertificatePath: certificate, KeyPath: key));

        var untrusted = await RunHubAsync(S3HubOptions.For(tls));
        untrusted.AssertFailedWithOneLine(1);
        Assert.Contains("TLS", untrusted.StandardError, StringComparison.Ordinal);

        await using var hub = await HubHost.StartAsync(options: [.. S3HubOptions.For(tls), "--storage-s3-tls-ca-path", certificate]);
        var source = _temp.Combine("src");
        TreeBuilder.WriteFile(source, "a.txt", "over TLS"u8.ToArray());
        (await Infrastructure.Cli.RunAsync(hub.Environment(), "push", "-t", "tls/s3:v1", source)).AssertSuccess();
        (await Infrastructure.Cli.RunAsync(hub.Environment(), "pull", "tls/s3:v1", _temp.Combine("dst"))).AssertSuccess();
        TreeAssert.Equal(source, _temp.Combine("dst"));
    }

    [Fact]
    public async Task S3RestartedDuringAPush_ThePushStillCompletes()
    {
        await using var server = await S3rverProcess.StartAsync();
        await using var hub = await HubHost.StartAsync(options: S3HubOptions.For(server));
        var source = _temp.Combine("src");
        TreeBuilder.WriteFile(source, "data.bin", TreeBuilder.RandomBytes(256 * 1024, 77));

        await server.StopAsync();
        var push = Infrastructure.Cli.RunAsync(hub.Environment(), "push", "-t", "outage:v1", "--block-size", "64KiB", source);
        // The push is under way and the hub has found S3 gone: it comes back while the hub retries.
        await Eventually.HoldsAsync(() => Task.FromResult(hub.Output.Contains("retrying in", StringComparison.Ordinal)), "the hub retrying S3", () => hub.Output);
        await server.RestartAsync();

        (await push).AssertSuccess();
        (await Infrastructure.Cli.RunAsync(hub.Environment(), "pull", "outage:v1", _temp.Combine("dst"))).AssertSuccess();
        TreeAssert.Equal(source, _temp.Combine("dst"));
        Assert.Contains("retrying in", hub.Output, StringComparison.Ordinal);
    }

    private List<string> Flags(string? endpoint = null, string? bucket = null, string? accessKeyId = null) =>
    [
        "--storage-driver", "s3",
        "--storage-s3-endpoint", endpoint ?? _server.Endpoint,
        "--storage-s3-bucket", bucket ?? _server.Bucket,
        "--storage-s3-access-key-id", accessKeyId ?? S3rverProcess.AccessKeyId,
        "--storage-s3-secret-access-key", S3rverProcess.SecretAccessKey,
    ];

    private static Task<CliResult> RunHubAsync(IReadOnlyList<string> options) =>
        Infrastructure.Cli.RunAsync(null, ["run", "hub", "--port", "0", "--listen-address", "127.0.0.1", .. options]);
}
