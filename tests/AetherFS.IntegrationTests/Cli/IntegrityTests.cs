using AetherFS.IntegrationTests.Infrastructure;

namespace AetherFS.IntegrationTests.Cli;

/// <summary>Nothing is lost: corrupt blocks are caught and failed pulls leave DEST as it was (kills: Processes/KillTests).</summary>
public sealed class IntegrityTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Pull_BlockCorruptedOnHubDisk_IsReportedAndDestStaysAsItWas()
    {
        await using var hub = await HubHost.StartAsync();
        var env = hub.Environment();
        // Pushed from another machine: a push keeps what it uploads in its own cache.
        var producer = hub.Environment();
        var source = _temp.Combine("src");
        TreeBuilder.WriteFile(source, "data.bin", TreeBuilder.RandomBytes(64 * 1024, 20));
        (await Infrastructure.Cli.RunAsync(producer, "push", "-t", "corrupt:v1", "--block-size", "16KiB", source)).AssertSuccess();
        var destination = _temp.Combine("dst");
        (await Infrastructure.Cli.RunAsync(env, "pull", "corrupt:v1", destination)).AssertSuccess();

        TreeBuilder.WriteFile(source, "data.bin", TreeBuilder.RandomBytes(64 * 1024, 21));
        (await Infrastructure.Cli.RunAsync(producer, "push", "-t", "corrupt:v2", "--block-size", "16KiB", source)).AssertSuccess();
        var v1Blocks = await Gc.GcStore.BlocksOfAsync(hub, "corrupt", "v1");
        var signature = (await Gc.GcStore.BlocksOfAsync(hub, "corrupt", "v2")).First(b => !v1Blocks.Contains(b));
        await HubStorage.CorruptBlockAsync(hub.StoragePath, signature, 100);

        var pull = await Infrastructure.Cli.RunAsync(env, "pull", "corrupt:v2", destination);

        pull.AssertFailedWithOneLine(5);
        Assert.Contains(signature, pull.StandardError, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(Path.Join(_temp.Path, "dst", "data.bin")), TreeBuilder.RandomBytes(64 * 1024, 20));
        Assert.Single(Directory.EnumerateFileSystemEntries(_temp.Path), p => Path.GetFileName(p).Contains("dst", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pull_CorruptedCacheEntry_IsDetectedAndFetchedAgain()
    {
        await using var hub = await HubHost.StartAsync();
        var cache = hub.NewCacheDirectory();
        var env = hub.Environment(cache);
        var source = _temp.Combine("src");
        TreeBuilder.WriteFile(source, "data.bin", TreeBuilder.RandomBytes(48 * 1024, 30));
        (await Infrastructure.Cli.RunAsync(env, "push", "-t", "cache:v1", "--block-size", "16KiB", source)).AssertSuccess();
        (await Infrastructure.Cli.RunAsync(env, "pull", "cache:v1", _temp.Combine("one"))).AssertSuccess();
        var (segment, payloadOffset, header) = CacheContents.Records(cache)[0];
        using (var log = new FileStream(segment, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
        {
            log.Position = payloadOffset;
            log.Write(new byte[header.PayloadLength]);
        }

        var pull = (await Infrastructure.Cli.RunAsync(env, "pull", "cache:v1", _temp.Combine("two"), "--json")).AssertSuccess().Json();

        Assert.Equal(1, pull.GetProperty("blocksDownloaded").GetInt32());
        Assert.Equal(2, pull.GetProperty("blocksReused").GetInt32());
        TreeAssert.Equal(source, _temp.Combine("two"));
    }
}
