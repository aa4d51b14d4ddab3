using System.Security.Cryptography;
using AetherFS.Storage.Blobs;
using AetherFS.Storage.Blobs.S3;

namespace AetherFS.Storage.Tests.Blobs.S3;

/// <summary>Transient S3 failures are retried with backoff; permanent ones fail at once, in one clear line.</summary>
public sealed class S3FailureTests : IClassFixture<S3rverFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly S3rverProcess _server;
    private readonly string _prefix = "failures-" + Guid.NewGuid().ToString("N");

    public S3FailureTests(S3rverFixture fixture) => _server = fixture.Server;

    [Fact]
    public async Task ResetsAnd503s_AreRetriedUntilTheRequestSucceeds()
    {
        await using var proxy = new FaultyProxy(_server.Port);
        proxy.Inject(ProxyFault.Reset, ProxyFault.ServiceUnavailable, ProxyFault.Reset, ProxyFault.Reset, ProxyFault.ServiceUnavailable, ProxyFault.Reset);
        var logger = new RecordingLogger<S3BlobStore>();
        using var store = new S3BlobStore(S3TestStores.Options(_server, _prefix, proxy.Endpoint, maxAttempts: 10), logger);

        await store.PutAsync("k", "survives"u8.ToArray(), CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(8, (await store.HeadAsync("k", CancellationToken.None).WaitAsync(Timeout))!.Size);
        Assert.Equal(7, proxy.Connections);
        // .NET's connection pool itself retries a request whose fresh connection dies before answering; the rest is ours.
        var retries = logger.Messages.Where(m => m.StartsWith("Warning: S3 put of 'k' failed", StringComparison.Ordinal)).ToList();
        Assert.InRange(retries.Count, 2, 6);
        Assert.Contains(retries, m => m.Contains("ServiceUnavailable", StringComparison.Ordinal) || m.Contains("injected", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SignatureDoesNotMatch_FailsAtOnceWithoutRetryingOrShowingTheSecret()
    {
        const string secret = "wrong-secret-0123456789abcdefghijklmnopq";
        await using var proxy = new FaultyProxy(_server.Port);
        proxy.Inject(ProxyFault.SignatureDoesNotMatch);
        var logger = new RecordingLogger<S3BlobStore>();
        using var store = new S3BlobStore(WithCredentials(S3rverProcess.AccessKeyId, secret, proxy.Endpoint), logger);

        var error = await Assert.ThrowsAsync<BlobStoreException>(() => store.PutAsync("k", "x"u8.ToArray(), CancellationToken.None).WaitAsync(Timeout));

        Assert.Equal(
            $"S3 bucket '{_server.Bucket}' at {proxy.Endpoint} refused the request signature (SignatureDoesNotMatch): check --storage-s3-secret-access-key",
            error.Message);
        Assert.DoesNotContain(secret, error.ToString(), StringComparison.Ordinal);
        Assert.Empty(logger.Messages);
        Assert.Equal(1, proxy.Connections);
    }

    [Fact]
    public async Task Read_CutMidBody_ResumesWhereItStopped()
    {
        var data = RandomNumberGenerator.GetBytes(3 * 1024 * 1024);
        using (var direct = new S3BlobStore(S3TestStores.Options(_server, _prefix)))
        {
            await direct.PutAsync("big", data, CancellationToken.None).WaitAsync(Timeout);
        }

        await using var proxy = new FaultyProxy(_server.Port) { CutAfterBytes = 1024 * 1024 };
        proxy.Inject(ProxyFault.CutResponse, ProxyFault.CutResponse);
        using var store = new S3BlobStore(S3TestStores.Options(_server, _prefix, proxy.Endpoint));

        await using var content = (await store.OpenReadAsync("big", 0, null, CancellationToken.None).WaitAsync(Timeout))!;
        var read = new byte[content.Length];
        await content.Stream.ReadExactlyAsync(read).AsTask().WaitAsync(Timeout);

        Assert.Equal(data, read);
        Assert.True(proxy.Connections >= 3, $"{proxy.Connections} connections");
    }

    [Fact]
    public async Task ServerDownOnEveryAttempt_FailsAfterTheLastAttemptNamingTheBucket()
    {
        var logger = new RecordingLogger<S3BlobStore>();
        var deadEndpoint = $"http://127.0.0.1:{FreePort()}";
        using var store = new S3BlobStore(S3TestStores.Options(_server, _prefix, deadEndpoint, maxAttempts: 3), logger);

        var error = await Assert.ThrowsAsync<BlobStoreException>(() => store.HeadAsync("k", CancellationToken.None).WaitAsync(Timeout));

        Assert.Contains($"bucket '{_server.Bucket}' at {deadEndpoint}", error.Message, StringComparison.Ordinal);
        Assert.Contains("head failed 3 time(s)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Equal(2, logger.Messages.Count(m => m.StartsWith("Warning:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ServerRestartedMidOperation_TheOperationCompletes()
    {
        await using var server = await S3rverProcess.StartAsync();
        var options = S3TestStores.Options(server);
        var logger = new RecordingLogger<S3BlobStore>();
        using var store = new S3BlobStore(new S3BlobStoreOptions
        {
            Endpoint = options.Endpoint,
            Bucket = options.Bucket,
            AccessKeyId = options.AccessKeyId,
            SecretAccessKey = options.SecretAccessKey,
            MaxAttempts = 20,
            RetryBaseDelay = TimeSpan.FromMilliseconds(100),
            RetryMaxDelay = TimeSpan.FromMilliseconds(500),
        }, logger);
        await store.PutAsync("before", "1"u8.ToArray(), CancellationToken.None).WaitAsync(Timeout);

        await server.StopAsync();
        var put = store.PutAsync("during", "2"u8.ToArray(), CancellationToken.None);
        var list = ListAsync(store);
        // Both operations have failed once and wait to try again: the server comes back while they are in flight.
        var deadline = DateTime.UtcNow + Timeout;
        while (logger.Messages.Count(m => m.Contains("retrying in", StringComparison.Ordinal)) < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Assert.False(put.IsCompleted, "the put finished while the server was down");
        await server.RestartAsync();

        await put.WaitAsync(Timeout);
        Assert.Contains("before", await list.WaitAsync(Timeout));
        Assert.Equal(1, (await store.HeadAsync("during", CancellationToken.None).WaitAsync(Timeout))!.Size);
    }

    [Fact]
    public async Task MissingBucket_FailsTheAccessCheckInOneLine()
    {
        using var store = new S3BlobStore(WithBucket("no-such-bucket"));

        var error = await Assert.ThrowsAsync<BlobStoreException>(() => store.VerifyAccessAsync(CancellationToken.None).WaitAsync(Timeout));

        Assert.Equal($"S3 bucket 'no-such-bucket' at {_server.Endpoint} does not exist", error.Message);
    }

    [Fact]
    public async Task UnknownAccessKey_FailsAtOnceWithoutRetrying()
    {
        var logger = new RecordingLogger<S3BlobStore>();
        using var store = new S3BlobStore(WithCredentials("AKIAUNKNOWNKEY000000", S3rverProcess.SecretAccessKey), logger);

        var error = await Assert.ThrowsAsync<BlobStoreException>(() => store.VerifyAccessAsync(CancellationToken.None).WaitAsync(Timeout));

        Assert.Contains("InvalidAccessKeyId", error.Message, StringComparison.Ordinal);
        Assert.Empty(logger.Messages);
    }

    [Fact]
    public async Task TlsEndpoint_IsTrustedThroughTheGivenCaOnly()
    {
        using var temp = new TempDirectory();
        var certificate = temp.Combine("s3.pem");
        var key = temp.Combine("s3.key");
        using var _ = SelfSignedCertificate.Create(certificate, key);
        await using var server = await S3rverProcess.StartAsync(settings: new S3rverSettings(CertificatePath: certificate, KeyPath: key));
        var options = S3TestStores.Options(server);

        using (var trusting = new S3BlobStore(With(options, tlsCaPath: certificate)))
        {
            await trusting.PutAsync("k", "over tls"u8.ToArray(), CancellationToken.None).WaitAsync(Timeout);
            Assert.Equal(8, (await trusting.HeadAsync("k", CancellationToken.None).WaitAsync(Timeout))!.Size);
        }

        using var untrusting = new S3BlobStore(options);
        var error = await Assert.ThrowsAsync<BlobStoreException>(() => untrusting.VerifyAccessAsync(CancellationToken.None).WaitAsync(Timeout));
        Assert.Contains("TLS", error.Message, StringComparison.Ordinal);
    }

    private S3BlobStoreOptions WithBucket(string bucket) => With(S3TestStores.Options(_server, _prefix), bucket: bucket);

    private S3BlobStoreOptions WithCredentials(string accessKeyId, string secret, string? endpoint = null) =>
        With(S3TestStores.Options(_server, _prefix, endpoint), accessKeyId: accessKeyId, secret: secret);

    private static S3BlobStoreOptions With(S3BlobStoreOptions o, string? bucket = null, string? accessKeyId = null, string? secret = null, string? tlsCaPath = null) => new()
    {
        Endpoint = o.Endpoint,
        Bucket = bucket ?? o.Bucket,
        AccessKeyId = accessKeyId ?? o.AccessKeyId,
        SecretAccessKey = secret ?? o.SecretAccessKey,
        TlsCaPath = tlsCaPath ?? o.TlsCaPath,
        KeyPrefix = o.KeyPrefix,
        MaxAttempts = o.MaxAttempts,
        RetryBaseDelay = o.RetryBaseDelay,
        RetryMaxDelay = o.RetryMaxDelay,
        RequestTimeout = o.RequestTimeout,
    };

    private static async Task<List<string>> ListAsync(S3BlobStore store)
    {
        var keys = new List<string>();
        await foreach (var info in store.ListAsync(string.Empty, CancellationToken.None))
        {
            keys.Add(info.Key);
        }

        return keys;
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
