using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using AetherFS.Core.Blocks;
using AetherFS.IntegrationTests.Infrastructure;
using AetherFS.Protocol.Rest;
using AetherFS.Storage.Encryption;

namespace AetherFS.IntegrationTests.Encryption;

/// <summary>
/// A hub with <c>--encryption-key-file</c>, seen from outside: what reaches its disk is ciphertext, every interface
/// works as without it, keys rotate, and keys that do not fit the store stop the start with one line.
/// </summary>
public sealed class EncryptionAtRestTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task EncryptedHub_PushPullRangesVerifyGc_Work_AndNoStoredRecordDecodesWithoutTheKey()
    {
        var keys = WriteKeys("keys", ("k1", Key(1)));
        await using var hub = await HubHost.StartAsync(options: ["--encryption-key-file", keys]);
        var env = hub.Environment();
        var source = _temp.Combine("src");
        var random = TreeBuilder.RandomBytes(3_000_000, 7);
        TreeBuilder.WriteFile(source, "random.bin", random);
        TreeBuilder.WriteFile(source, "text.csv", System.Text.Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 20_000).Select(i => $"row-{i},secret-value-{i}\n"))));
        (await Infrastructure.Cli.RunAsync(env, "push", "-t", "enc:v1", "--pack-size", "1MiB", source)).AssertSuccess();

        var records = StoredRecords.Packs(hub.StoragePath).ToList();
        Assert.NotEmpty(records);
        foreach (var (signature, payload) in records)
        {
            Assert.True(PayloadCipher.IsSealed(payload), $"block {signature} is stored unsealed");
            Assert.ThrowsAny<DigestMismatchException>(() => BlockPayload.Decode(payload, signature).Dispose());
        }

        Assert.All(StoredRecords.Manifests(hub.StoragePath), m => Assert.True(PayloadCipher.IsSealed(m)));
        Assert.False(StoredRecords.Contain(hub.StoragePath, random.AsSpan(1_000_000, 64)));
        Assert.False(StoredRecords.Contain(hub.StoragePath, "secret-value-1234"u8));
        Assert.False(StoredRecords.Contain(hub.StoragePath, "random.bin"u8));

        (await Infrastructure.Cli.RunAsync(hub.Environment(), "pull", "enc:v1", _temp.Combine("pulled"))).AssertSuccess();
        TreeAssert.Equal(source, _temp.Combine("pulled"));

        using var http = new HttpClient { BaseAddress = hub.Url };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/fs/enc/v1/random.bin");
        request.Headers.Range = new RangeHeaderValue(1_500_000, 1_700_000);
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(random.AsSpan(1_500_000, 200_001).ToArray(), await response.Content.ReadAsByteArrayAsync());

        (await Infrastructure.Cli.RunAsync(env, "verify")).AssertSuccess();
        (await Infrastructure.Cli.RunAsync(env, "gc", "--grace", "0s", "--max-unused", "0")).AssertSuccess();
        Assert.All(StoredRecords.Packs(hub.StoragePath), r => Assert.Equal("k1", PayloadCipher.KeyIdOf(r.Payload)));
        (await Infrastructure.Cli.RunAsync(hub.Environment(), "pull", "enc:v1", _temp.Combine("after-gc"))).AssertSuccess();
        TreeAssert.Equal(source, _temp.Combine("after-gc"));
    }

    [Fact]
    public async Task EncryptedHubOnS3_WithServerSideEncryptionAsked_PushesPullsAndStoresOnlyCiphertext()
    {
        await using var s3 = await S3rverProcess.StartAsync();
        var keys = WriteKeys("keys", ("k1", Key(1)));
        await using var hub = await HubHost.StartAsync(options: [.. S3HubOptions.For(s3, "enc"), "--storage-s3-sse", "AES256", "--encryption-key-file", keys]);
        var source = _temp.Combine("src");
        var random = TreeBuilder.RandomBytes(2_000_000, 8);
        TreeBuilder.WriteFile(source, "random.bin", random);

        (await Infrastructure.Cli.RunAsync(hub.Environment(), "push", "-t", "s3enc:v1", "--pack-size", "1MiB", source)).AssertSuccess();
        (await Infrastructure.Cli.RunAsync(hub.Environment(), "pull", "s3enc:v1", _temp.Combine("pulled"))).AssertSuccess();

        TreeAssert.Equal(source, _temp.Combine("pulled"));
        Assert.False(StoredRecords.Contain(s3.DataDirectory, random.AsSpan(500_000, 64)));
    }

    [Fact]
    public async Task Rotation_NewWritesUseTheNewKey_OldDataStaysReadable_AndGcMovesItToTheNewKey()
    {
        var keys = WriteKeys("keys", ("k1", Key(1)));
        var first = await HubHost.StartAsync(options: ["--encryption-key-file", keys]);
        var (v1, v2) = (_temp.Combine("v1"), _temp.Combine("v2"));
        TreeBuilder.WriteFile(v1, "a.bin", TreeBuilder.RandomBytes(400_000, 1));
        TreeBuilder.WriteFile(v2, "a.bin", TreeBuilder.RandomBytes(400_000, 2));
        (await Infrastructure.Cli.RunAsync(first.Environment(), "push", "-t", "rot:v1", v1)).AssertSuccess();
        var (work, port) = await first.StopAsync();

        // The rotation: a new key on top; the old one stays listed while data under it remains.
        WriteKeys("keys", ("k2", Key(2)), ("k1", Key(1)));
        var second = await HubHost.StartAsync(work, port, options: ["--encryption-key-file", keys]);
        (await Infrastructure.Cli.RunAsync(second.Environment(), "push", "-t", "rot:v2", v2)).AssertSuccess();
        Assert.Equal(["k1", "k2"], StoredRecords.Packs(second.StoragePath).Select(r => PayloadCipher.KeyIdOf(r.Payload)).Distinct().Order());
        (await Infrastructure.Cli.RunAsync(second.Environment(), "pull", "rot:v1", _temp.Combine("v1-pulled"))).AssertSuccess();
        (await Infrastructure.Cli.RunAsync(second.Environment(), "pull", "rot:v2", _temp.Combine("v2-pulled"))).AssertSuccess();
        TreeAssert.Equal(v1, _temp.Combine("v1-pulled"));
        TreeAssert.Equal(v2, _temp.Combine("v2-pulled"));

        // gc merges these small packs: every record it copies is sealed again with the current key.
        (await Infrastructure.Cli.RunAsync(second.Environment(), "gc", "--grace", "0s")).AssertSuccess();
        Assert.All(StoredRecords.Packs(second.StoragePath), r => Assert.Equal("k2", PayloadCipher.KeyIdOf(r.Payload)));
        Assert.All(StoredRecords.Manifests(second.StoragePath), m => Assert.Equal("k2", PayloadCipher.KeyIdOf(m)));
        (work, port) = await second.StopAsync();

        // Nothing needs k1 any more: it can leave the key file.
        WriteKeys("keys", ("k2", Key(2)));
        await using var third = await HubHost.StartAsync(work, port, options: ["--encryption-key-file", keys]);
        (await Infrastructure.Cli.RunAsync(third.Environment(), "pull", "rot:v1", _temp.Combine("v1-after-gc"))).AssertSuccess();
        (await Infrastructure.Cli.RunAsync(third.Environment(), "pull", "rot:v2", _temp.Combine("v2-after-gc"))).AssertSuccess();
        TreeAssert.Equal(v1, _temp.Combine("v1-after-gc"));
        TreeAssert.Equal(v2, _temp.Combine("v2-after-gc"));
    }

    [Fact]
    public async Task TamperedCiphertext_FailsAsCorrupt_NeverServedAsData()
    {
        var keys = WriteKeys("keys", ("k1", Key(1)));
        var source = _temp.Combine("src");
        TreeBuilder.WriteFile(source, "data.bin", TreeBuilder.RandomBytes(64 * 1024, 21));
        var first = await HubHost.StartAsync(options: ["--encryption-key-file", keys]);
        (await Infrastructure.Cli.RunAsync(first.Environment(), "push", "-t", "tamper:v1", "--block-size", "16KiB", source)).AssertSuccess();
        var signature = HubStorage.Blocks(first.StoragePath).Keys.Order(StringComparer.Ordinal).First();
        var (work, port) = await first.StopAsync();
        await HubStorage.CorruptBlockAsync(Path.Join(work.Path, "store"), signature, 40);

        await using var hub = await HubHost.StartAsync(work, port, options: ["--encryption-key-file", keys]);
        using var http = new HttpClient { BaseAddress = hub.Url };
        using (var read = await http.GetAsync(new Uri($"{ApiPaths.Blocks}/{signature}", UriKind.Relative)))
        {
            // Found corrupt (and quarantined, as any corrupt copy): an error, not bytes.
            Assert.Equal(HttpStatusCode.InternalServerError, read.StatusCode);
            Assert.Contains("does not authenticate", await read.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var pull = await Infrastructure.Cli.RunAsync(hub.Environment(), "pull", "tamper:v1", _temp.Combine("dst"));

        pull.AssertFailedWithOneLine();
        Assert.Contains(signature, pull.StandardError, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_temp.Combine("dst")));
    }

    [Theory]
    [InlineData("k1", "line 1: expected id:base64-key")]
    [InlineData("k1:not base64!", "line 1: the key of 'k1' is not base64")]
    [InlineData("k1:AAAAAAAAAAAAAAAAAAAAAA==", "line 1: key 'k1' is 16 bytes, not 32")]
    [InlineData("bad id:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "line 1: key id 'bad id' is not")]
    [InlineData("# only a comment", "lists no key")]
    public async Task MalformedKeyFile_StopsTheStartWithOneLine(string content, string expected)
    {
        var keys = _temp.Combine("bad-keys");
        await File.WriteAllTextAsync(keys, content + "\n");

        var result = await RunHubAsync(_temp.Combine("store"), "--encryption-key-file", keys);

        result.AssertFailedWithOneLine(2);
        Assert.Contains(expected, result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("AAAAAAAA", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnreadableKeyFile_StopsTheStartWithOneLine()
    {
        var result = await RunHubAsync(_temp.Combine("store"), "--encryption-key-file", _temp.Combine("no-such-file"));

        result.AssertFailedWithOneLine(2);
        Assert.Contains("cannot be read", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeysThatDoNotFitTheStore_StopTheStartWithOneLine()
    {
        var keys = WriteKeys("keys", ("k1", Key(1)));
        var hub = await HubHost.StartAsync(options: ["--encryption-key-file", keys]);
        var source = _temp.Combine("src");
        TreeBuilder.WriteFile(source, "a.bin", TreeBuilder.RandomBytes(100_000, 3));
        (await Infrastructure.Cli.RunAsync(hub.Environment(), "push", "-t", "fit:v1", source)).AssertSuccess();
        var (work, _) = await hub.StopAsync();
        var store = Path.Join(work.Path, "store");
        try
        {
            var missingId = await RunHubAsync(store, "--encryption-key-file", WriteKeys("other", ("k9", Key(9))));
            missingId.AssertFailedWithOneLine(2);
            Assert.Contains("encrypted with key 'k1'", missingId.StandardError, StringComparison.Ordinal);
            Assert.Contains("does not list", missingId.StandardError, StringComparison.Ordinal);

            var wrongKey = await RunHubAsync(store, "--encryption-key-file", WriteKeys("wrong", ("k1", Key(5))));
            wrongKey.AssertFailedWithOneLine(2);
            Assert.Contains("key 'k1' of the encryption key file does not open the store's data", wrongKey.StandardError, StringComparison.Ordinal);

            var noKey = await RunHubAsync(store);
            noKey.AssertFailedWithOneLine(2);
            Assert.Contains("start the hub with --encryption-key-file", noKey.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            work.Dispose();
        }
    }

    [Fact]
    public async Task PlaintextStore_IsRefusedByAHubWithAKey_UnlessMigrating_ThenGcEncryptsIt()
    {
        var plain = await HubHost.StartAsync();
        var source = _temp.Combine("src");
        TreeBuilder.WriteFile(source, "a.bin", TreeBuilder.RandomBytes(300_000, 4));
        (await Infrastructure.Cli.RunAsync(plain.Environment(), "push", "-t", "plain:v1", source)).AssertSuccess();
        var (work, port) = await plain.StopAsync();
        var keys = WriteKeys("keys", ("k1", Key(1)));

        var refused = await RunHubAsync(Path.Join(work.Path, "store"), "--encryption-key-file", keys);
        refused.AssertFailedWithOneLine(2);
        Assert.Contains("unencrypted data", refused.StandardError, StringComparison.Ordinal);

        var migrating = await HubHost.StartAsync(work, port, options: ["--encryption-key-file", keys, "--encryption-allow-plaintext"]);
        (await Infrastructure.Cli.RunAsync(migrating.Environment(), "pull", "plain:v1", _temp.Combine("before-gc"))).AssertSuccess();
        TreeAssert.Equal(source, _temp.Combine("before-gc"));
        TreeBuilder.WriteFile(_temp.Combine("src2"), "b.bin", TreeBuilder.RandomBytes(300_000, 5));
        (await Infrastructure.Cli.RunAsync(migrating.Environment(), "push", "-t", "plain:v2", _temp.Combine("src2"))).AssertSuccess();
        (await Infrastructure.Cli.RunAsync(migrating.Environment(), "gc", "--grace", "0s")).AssertSuccess();
        Assert.All(StoredRecords.Packs(migrating.StoragePath), r => Assert.True(PayloadCipher.IsSealed(r.Payload)));
        (work, port) = await migrating.StopAsync();

        // Packs now all sealed: the newest sample passes without the migration flag.
        await using var encrypted = await HubHost.StartAsync(work, port, options: ["--encryption-key-file", keys]);
        (await Infrastructure.Cli.RunAsync(encrypted.Environment(), "pull", "plain:v1", _temp.Combine("after-gc"))).AssertSuccess();
        TreeAssert.Equal(source, _temp.Combine("after-gc"));
    }

    private static Task<CliResult> RunHubAsync(string storagePath, params string[] options) =>
        Infrastructure.Cli.RunAsync(null, ["run", "hub", "--port", "0", "--listen-address", "127.0.0.1", "--storage-path", storagePath, .. options]);

    private static string Key(int seed) => Convert.ToBase64String(SHA256.HashData(BitConverter.GetBytes(seed)));

    private string WriteKeys(string name, params (string Id, string Key)[] keys)
    {
        var path = _temp.Combine(name);
        File.WriteAllLines(path, keys.Select(k => $"{k.Id}:{k.Key}"));
        return path;
    }
}
