using System.Net;
using AetherFS.IntegrationTests.Infrastructure;
using AetherFS.Protocol.Rest;
using AetherFS.Storage.Datasets;
using Microsoft.Extensions.Time.Testing;

namespace AetherFS.IntegrationTests.Repair;

/// <summary>
/// A block damaged on the hub's disk is found (by <c>aetherfs verify</c>, or by a read that needs it), quarantined, and
/// repaired by pushing the same data again: the push uploads it anew, the tag that needs it is published, and every
/// version pulls intact.
/// </summary>
public sealed class VerifyRepairTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Verify_ReportsACorruptBlock_AndPushingTheSameDataAgainRepairsIt()
    {
        await using var hub = await HubHost.StartAsync().WaitAsync(Timeout);

        await CorruptVerifyAndRepairAsync(hub, "repair", signature => HubStorage.CorruptBlockAsync(hub.StoragePath, signature, 12 + 500), _temp);
    }

    /// <summary>
    /// Push v1; damage one of its blocks in the store; <c>verify</c> reports it (exit 5) and the hub answers it missing;
    /// push the same source as v2, which uploads that block again; v1 and v2 both pull as the source.
    /// </summary>
    internal static async Task CorruptVerifyAndRepairAsync(HubHost hub, string name, Func<string, Task> corrupt, TempDirectory temp)
    {
        var env = hub.Environment();
        var source = WriteSource(temp);
        (await RunAsync(env, "push", "-t", $"{name}:v1", "--chunking", "fixed", "--block-size", "64KiB", source)).AssertSuccess();
        var signature = (await Gc.GcStore.BlocksOfAsync(hub, name, "v1").WaitAsync(Timeout)).Order(StringComparer.Ordinal).First();
        await corrupt(signature).WaitAsync(Timeout);

        var verify = await RunAsync(env, "verify");

        Assert.Equal(5, verify.ExitCode);
        Assert.Contains(signature, verify.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("1 corrupt block", verify.StandardOutput, StringComparison.Ordinal);
        var errors = verify.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("aetherfs: error: ", Assert.Single(errors), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, await HeadBlockAsync(hub, signature));

        var push = (await RunAsync(env, "push", "-t", $"{name}:v2", "--chunking", "fixed", "--block-size", "64KiB", "--json", source)).AssertSuccess();

        Assert.Equal(1, push.Json().GetProperty("blocksUploaded").GetInt32());
        Assert.Equal(HttpStatusCode.OK, await HeadBlockAsync(hub, signature));
        (await RunAsync(env, "pull", $"{name}:v1", temp.Combine($"{name}-v1"))).AssertSuccess();
        (await RunAsync(env, "pull", $"{name}:v2", temp.Combine($"{name}-v2"))).AssertSuccess();
        TreeAssert.Equal(source, temp.Combine($"{name}-v1"));
        TreeAssert.Equal(source, temp.Combine($"{name}-v2"));
        // The damaged copy stays quarantined until a collection removes it: the store verifies clean.
        (await RunAsync(env, "verify")).AssertSuccess();
    }

    [Fact]
    public async Task AReadThatFindsABlockCorrupt_QuarantinesIt_SoAPushRepairsItWithoutAVerify()
    {
        await using var hub = await HubHost.StartAsync().WaitAsync(Timeout);
        var env = hub.Environment();
        var source = WriteSource();
        (await RunAsync(env, "push", "-t", "reread:v1", "--chunking", "fixed", "--block-size", "64KiB", source)).AssertSuccess();
        var signature = (await Gc.GcStore.BlocksOfAsync(hub, "reread", "v1").WaitAsync(Timeout)).Order(StringComparer.Ordinal).First();
        await HubStorage.CorruptBlockAsync(hub.StoragePath, signature, 12 + 500).WaitAsync(Timeout);
        using var http = new HttpClient { BaseAddress = hub.Url, Timeout = Timeout };

        using (var read = await http.GetAsync(new Uri($"{ApiPaths.Blocks}/{signature}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, read.StatusCode);
        }

        Assert.Equal(HttpStatusCode.NotFound, await HeadBlockAsync(hub, signature));
        using (var again = await http.GetAsync(new Uri($"{ApiPaths.Blocks}/{signature}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, again.StatusCode);
        }

        (await RunAsync(env, "push", "-t", "reread:v2", "--chunking", "fixed", "--block-size", "64KiB", source)).AssertSuccess();
        (await RunAsync(env, "pull", "reread:v1", _temp.Combine("v1"))).AssertSuccess();
        TreeAssert.Equal(source, _temp.Combine("v1"));
    }

    [Fact]
    public async Task Verify_ReportsADamagedManifest_AndPushingAgainRepairsIt()
    {
        await using var hub = await HubHost.StartAsync().WaitAsync(Timeout);
        var env = hub.Environment();
        var source = WriteSource();
        var digest = (await RunAsync(env, "push", "-t", "manifest:v1", "--json", source)).AssertSuccess().Json().GetProperty("digest").GetString()!;
        var path = Path.Join(hub.StoragePath, DatasetStore.ManifestKey(digest));
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[^3] ^= 0x01;
        await File.WriteAllBytesAsync(path, bytes);

        var verify = await RunAsync(env, "verify", "--json");

        Assert.Equal(5, verify.ExitCode);
        var report = verify.Json();
        Assert.Equal(digest, report.GetProperty("badManifests")[0].GetProperty("digest").GetString());
        Assert.Equal(0, report.GetProperty("badBlockCount").GetInt64());
        (await RunAsync(env, "push", "-t", "manifest:v1", source)).AssertSuccess();
        (await RunAsync(env, "verify")).AssertSuccess();
        (await RunAsync(env, "pull", "manifest:v1", _temp.Combine("pulled"))).AssertSuccess();
        TreeAssert.Equal(source, _temp.Combine("pulled"));
    }

    [Fact]
    public async Task Verify_OfASoundStore_ExitsZero_AndCountsWhatItRead_AtTheRateAsked()
    {
        await using var hub = await HubHost.StartAsync().WaitAsync(Timeout);
        var env = hub.Environment();
        (await RunAsync(env, "push", "-t", "sound:v1", "--chunking", "fixed", "--block-size", "64KiB", WriteSource())).AssertSuccess();

        var report = (await RunAsync(env, "verify", "--rate", "50MiB", "--json")).AssertSuccess().Json();

        Assert.Equal(1, report.GetProperty("packs").GetInt64());
        Assert.Equal(8, report.GetProperty("blocks").GetInt64());
        Assert.Equal(1, report.GetProperty("manifests").GetInt64());
        Assert.True(report.GetProperty("bytes").GetInt64() > 8 * 1000);
        Assert.Equal(50L * 1024 * 1024, report.GetProperty("maxBytesPerSecond").GetInt64());
        Assert.Equal(0, report.GetProperty("badBlocks").GetArrayLength());
    }

    [Fact]
    public async Task HubWithAScrubInterval_QuarantinesACorruptBlockOnItsOwn()
    {
        // The hub's clock is the test's: each Advance of an interval is one turn of the periodic verification.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var hub = await HubHost.StartAsync(options: ["--scrub-interval", "24h", "--scrub-rate", "100MiB"], time: clock).WaitAsync(Timeout);
        var env = hub.Environment();
        (await RunAsync(env, "push", "-t", "periodic:v1", "--chunking", "fixed", "--block-size", "64KiB", WriteSource())).AssertSuccess();
        var signature = (await Gc.GcStore.BlocksOfAsync(hub, "periodic", "v1").WaitAsync(Timeout)).Order(StringComparer.Ordinal).Last();
        await HubStorage.CorruptBlockAsync(hub.StoragePath, signature, 12 + 7).WaitAsync(Timeout);
        Assert.Equal(HttpStatusCode.OK, await HeadBlockAsync(hub, signature));

        clock.Advance(TimeSpan.FromHours(24));

        await Eventually.HoldsAsync(async () => await HeadBlockAsync(hub, signature) == HttpStatusCode.NotFound, "the periodic verification", () => hub.Output);
        Assert.Contains(signature, hub.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fast")]
    [InlineData("0")]
    [InlineData("-5MiB")]
    public async Task Verify_WithAnInvalidRate_FailsWithOneLine(string rate)
    {
        await using var hub = await HubHost.StartAsync().WaitAsync(Timeout);

        var result = await RunAsync(hub.Environment(), "verify", "--rate", rate);

        // A usage error: its line, then the parser's pointer to --help.
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"aetherfs: error: invalid size '{rate}'", result.StandardError, StringComparison.Ordinal);
        Assert.Empty(result.StandardOutput);
    }

    private string WriteSource() => WriteSource(_temp);

    private static string WriteSource(TempDirectory temp)
    {
        var source = temp.Combine("src-" + Guid.NewGuid().ToString("N")[..8]);
        TreeBuilder.WriteFile(source, "a/data.bin", TreeBuilder.RandomBytes(5 * 64 * 1024, 11));
        TreeBuilder.WriteFile(source, "b/more.bin", TreeBuilder.RandomBytes(3 * 64 * 1024, 12));
        return source;
    }

    private static Task<CliResult> RunAsync(IReadOnlyDictionary<string, string> env, params string[] args) =>
        Infrastructure.Cli.RunAsync(env, args).WaitAsync(Timeout);

    private static async Task<HttpStatusCode> HeadBlockAsync(HubHost hub, string signature)
    {
        using var http = new HttpClient { BaseAddress = hub.Url, Timeout = Timeout };
        using var request = new HttpRequestMessage(HttpMethod.Head, new Uri($"{ApiPaths.Blocks}/{signature}", UriKind.Relative));
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }
}
