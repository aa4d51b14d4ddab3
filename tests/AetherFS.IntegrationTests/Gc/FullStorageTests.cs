using AetherFS.IntegrationTests.Infrastructure;

namespace AetherFS.IntegrationTests.Gc;

/// <summary>
/// A hub whose storage is a real, full file system (a small tmpfs): pushes fail with one clear line, and garbage
/// collection still runs and frees room without having to write first.
/// </summary>
public sealed class FullStorageTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Push_OnAFullStore_FailsWithOneLine_GcFreesRoom_AndThePushThenSucceeds()
    {
        var work = new TempDirectory();
        using var disk = TmpfsMount.Create(work.Combine("store"), 24);
        await using var hub = await HubHost.StartAsync(work);
        var env = hub.Environment();
        var (old, fresh) = (_temp.Combine("old"), _temp.Combine("fresh"));
        TreeBuilder.WriteFile(old, "old.bin", TreeBuilder.RandomBytes(8_000_000, 1));
        TreeBuilder.WriteFile(fresh, "fresh.bin", TreeBuilder.RandomBytes(3_000_000, 2));
        (await Infrastructure.Cli.RunAsync(env, "push", "-t", "old:v1", old)).AssertSuccess();
        disk.Fill();

        var refused = await Infrastructure.Cli.RunAsync(env, "push", "-t", "fresh:v1", fresh);

        refused.AssertFailedWithOneLine(exitCode: 6);
        Assert.Equal("aetherfs: error: hub storage is full", refused.StandardError.Trim());
        (await Infrastructure.Cli.RunAsync(env, "rm", "old:v1")).AssertSuccess();
        var before = StoreFiles(hub);
        var dry = (await Infrastructure.Cli.RunAsync(env, "gc", "--dry-run", "--grace", "0s", "--json")).AssertSuccess().Json();
        Assert.Equal(before, StoreFiles(hub));
        Assert.True(dry.GetProperty("blocks").GetProperty("deletedBytes").GetInt64() > 7_000_000);
        var freeBefore = disk.FreeBytes;
        (await Infrastructure.Cli.RunAsync(env, "gc", "--grace", "0s")).AssertSuccess();
        Assert.True(disk.FreeBytes - freeBefore > 7_000_000, $"gc freed {disk.FreeBytes - freeBefore} bytes");
        (await Infrastructure.Cli.RunAsync(env, "push", "-t", "fresh:v1", fresh)).AssertSuccess();
        var pulled = _temp.Combine("pulled");
        (await Infrastructure.Cli.RunAsync(env, "pull", "fresh:v1", pulled)).AssertSuccess();
        TreeAssert.Equal(fresh, pulled);
    }

    [Fact]
    public async Task Gc_OnAStoreThatTakesNotEvenAnEmptyObject_StillFreesTheRoomOfADeletedVersion()
    {
        var work = new TempDirectory();
        using var disk = TmpfsMount.Create(work.Combine("store"), 24, inodes: 400);
        await using var hub = await HubHost.StartAsync(work);
        var env = hub.Environment();
        var (old, kept) = (_temp.Combine("old"), _temp.Combine("kept"));
        TreeBuilder.WriteFile(old, "old.bin", TreeBuilder.RandomBytes(8_000_000, 4));
        TreeBuilder.WriteFile(kept, "kept.bin", TreeBuilder.RandomBytes(2_000_000, 5));
        (await Infrastructure.Cli.RunAsync(env, "push", "-t", "old:v1", old)).AssertSuccess();
        (await Infrastructure.Cli.RunAsync(env, "push", "-t", "kept:v1", kept)).AssertSuccess();
        (await Infrastructure.Cli.RunAsync(env, "rm", "old:v1")).AssertSuccess();
        disk.Fill();
        disk.FillInodes();
        var freeBefore = disk.FreeBytes;

        var report = (await Infrastructure.Cli.RunAsync(env, "gc", "--grace", "0s", "--json")).AssertSuccess().Json();

        Assert.True(disk.FreeBytes - freeBefore > 7_000_000, $"gc freed {disk.FreeBytes - freeBefore} bytes");
        Assert.True(report.GetProperty("blocks").GetProperty("deleted").GetInt64() > 0);
        Assert.Contains("Storage is full", hub.Output, StringComparison.Ordinal);
        var pulled = _temp.Combine("pulled");
        (await Infrastructure.Cli.RunAsync(env, "pull", "--no-cache", "kept:v1", pulled)).AssertSuccess();
        TreeAssert.Equal(kept, pulled);
    }

    [Fact]
    public async Task Push_ThatFailsOnAFullStore_GivesUpItsClaims_SoGcReclaimsWhatItUploaded()
    {
        var work = new TempDirectory();
        using var disk = TmpfsMount.Create(work.Combine("store"), 24);
        await using var hub = await HubHost.StartAsync(work);
        var env = hub.Environment();
        var big = _temp.Combine("big");
        TreeBuilder.WriteFile(big, "big.bin", TreeBuilder.RandomBytes(40_000_000, 6));
        var freeAtStart = disk.FreeBytes;

        (await Infrastructure.Cli.RunAsync(env, "push", "--pack-size", "1MiB", "-t", "big:v1", big)).AssertFailedWithOneLine(exitCode: 6);
        var freeAfterFailure = disk.FreeBytes;
        (await Infrastructure.Cli.RunAsync(env, "gc", "--grace", "0s")).AssertSuccess();

        Assert.True(freeAtStart - freeAfterFailure > 10_000_000, $"the failed push stored only {freeAtStart - freeAfterFailure} bytes");
        Assert.True(disk.FreeBytes > freeAtStart - 1_000_000, $"gc left {freeAtStart - disk.FreeBytes} bytes of the failed push");
        Assert.Empty(GcStore.Blocks(hub));
    }

    [Fact]
    public async Task RestAndGrpc_OnAFullStore_Answer507AndResourceExhausted()
    {
        var work = new TempDirectory();
        using var disk = TmpfsMount.Create(work.Combine("store"), 8);
        await using var hub = await HubHost.StartAsync(work);
        disk.Fill();
        using var http = new HttpClient { BaseAddress = hub.Url, Timeout = TimeSpan.FromSeconds(30) };
        var block = TreeBuilder.RandomBytes(100_000, 3);
        var signature = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(block));

        using var response = await http.PutAsync(new Uri($"api/v1/blocks/{signature}", UriKind.Relative), new ByteArrayContent(block));

        Assert.Equal(507, (int)response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("storage is full", body, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        using var client = new GrpcHub(hub.Url);
        var grpc = await Assert.ThrowsAsync<global::Grpc.Core.RpcException>(() => client.UploadAsync(signature, block));
        Assert.Equal(global::Grpc.Core.StatusCode.ResourceExhausted, grpc.StatusCode);
        Assert.Contains("storage is full", grpc.Status.Detail, StringComparison.Ordinal);
    }

    private static string[] StoreFiles(HubHost hub) =>
        Directory.EnumerateFiles(hub.StoragePath, "*", SearchOption.AllDirectories).Select(f => $"{f} {new FileInfo(f).Length} {File.GetLastWriteTimeUtc(f):O}").Order(StringComparer.Ordinal).ToArray();
}
