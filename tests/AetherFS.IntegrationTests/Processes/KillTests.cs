using System.Diagnostics;
using AetherFS.Core.Blocks;
using AetherFS.Hub.Configuration;
using AetherFS.IntegrationTests.Infrastructure;

namespace AetherFS.IntegrationTests.Processes;

/// <summary>
/// Process-level: what only killing a real process shows. A push whose hub is killed (SIGKILL) publishes nothing and
/// its retry uploads only what is missing; a pull killed halfway leaves no destination and resumes from its cache.
/// </summary>
public sealed class KillTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Pull_KilledHalfway_ResumesWithoutDownloadingVerifiedBlocksAgain()
    {
        await using var hub = await HubHost.StartAsync();
        var cache = hub.NewCacheDirectory();
        var env = hub.Environment(cache);
        var source = _temp.Combine("src");
        const int blocks = 1024;
        for (var i = 0; i < 8; i++)
        {
            TreeBuilder.WriteFile(source, $"part-{i}.bin", TreeBuilder.RandomBytes(blocks / 8 * 64 * 1024, 100 + i));
        }

        // Pushed from another cache: a push keeps the blocks it uploads in its own.
        (await Infrastructure.Cli.RunAsync(hub.Environment(), "push", "-t", "resume:v1", "--block-size", "64KiB", source)).AssertSuccess();
        var destination = _temp.Combine("dst");

        using (var pull = Process.Start(Infrastructure.Cli.StartInfo(env, "pull", "resume:v1", destination))!)
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (CacheContents.CountBlocks(cache) < 64 && DateTime.UtcNow < deadline && !pull.HasExited)
            {
                await Task.Delay(2);
            }

            Assert.False(pull.HasExited, "the pull finished before it could be killed");
            pull.Kill(entireProcessTree: true);
            await pull.WaitForExitAsync();
        }

        Assert.False(Directory.Exists(destination), "a killed pull must not leave a partial destination");
        var cachedBeforeResume = CacheContents.CountBlocks(cache);
        Assert.InRange(cachedBeforeResume, 64, blocks - 1);

        var resumed = (await Infrastructure.Cli.RunAsync(env, "pull", "resume:v1", destination, "--json")).AssertSuccess().Json();

        Assert.True(resumed.GetProperty("blocksReused").GetInt32() >= cachedBeforeResume - 64, "verified blocks were downloaded again");
        Assert.Equal(blocks, resumed.GetProperty("blocksReused").GetInt32() + resumed.GetProperty("blocksDownloaded").GetInt32());
        TreeAssert.Equal(source, destination);
    }

    [Theory]
    [InlineData(HubOptions.LocalDriver)]
    [InlineData(HubOptions.S3Driver)]
    public async Task Push_HubKilledMidway_FailsPublishesNoTagAndARetryUploadsOnlyWhatIsMissing(string driver)
    {
        await using var s3 = driver == HubOptions.S3Driver ? await S3rverProcess.StartAsync() : null;
        string[] options = s3 is null ? [] : S3HubOptions.For(s3);
        // Disposed however the test ends: a failed assertion must not leave a hub process running.
        await using var hub = await HubProcess.StartAsync(options: options);
        // Blocks in packs that an index segment lists: what another hub, or this one restarted, can find. s3rver,
        // unlike S3, shows what a killed writer sent of a PUT: a torn pack has no segment, a torn segment does not read.
        Func<Task<int>> storedBlocks = s3 is null ? () => Task.FromResult(HubStorage.Blocks(hub.StoragePath).Count) : () => S3HubOptions.CountBlocksAsync(s3, null);
        var source = _temp.Combine("src");
        for (var i = 0; i < 2; i++)
        {
            TreeBuilder.WriteFile(source, $"part-{i}.bin", TreeBuilder.RandomBytes(256 * 64 * 1024, 200 + i));
        }

        var env = hub.Environment();
        TempDirectory work;
        int port;
        // Small packs, so the hub is killed with some stored and one on the wire; the slowest compression, so the push
        // is still running when it is, however fast the machine.
        using (var push = Process.Start(Infrastructure.Cli.StartInfo(env, "push", "-t", "crash:v1", "--block-size", "64KiB", "--pack-size", "1MiB", "--compression-level", "19", source))!)
        {
            var stderr = push.StandardError.ReadToEndAsync();
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (await storedBlocks() < 64 && DateTime.UtcNow < deadline && !push.HasExited)
            {
                await Task.Delay(s3 is null ? 2 : 20);
            }

            Assert.False(push.HasExited, "the push finished before the hub could be killed");
            (work, port) = await hub.KillAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await push.WaitForExitAsync(timeout.Token);
            Assert.NotEqual(0, push.ExitCode);
            Assert.Single((await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }

        await hub.DisposeAsync();
        var storedBeforeRetry = await SettledAsync(storedBlocks);
        await using var restarted = await HubProcess.StartAsync(work, port, options);
        (await Infrastructure.Cli.RunAsync(env, "tags", "crash")).AssertFailedWithOneLine(3);

        var retry = (await Infrastructure.Cli.RunAsync(env, "push", "-t", "crash:v1", "--block-size", "64KiB", "--pack-size", "1MiB", "--json", source)).AssertSuccess().Json();

        Assert.Equal(512, retry.GetProperty("blocks").GetInt32());
        Assert.Equal(512 - storedBeforeRetry, retry.GetProperty("blocksUploaded").GetInt32());
        var destination = _temp.Combine("dst");
        (await Infrastructure.Cli.RunAsync(env, "pull", "crash:v1", destination)).AssertSuccess();
        TreeAssert.Equal(source, destination);
    }

    // A server may still be storing what the killed hub sent it last: count until the number stops changing.
    private static async Task<int> SettledAsync(Func<Task<int>> count)
    {
        var last = await count();
        while (true)
        {
            await Task.Delay(250);
            var now = await count();
            if (now == last)
            {
                return now;
            }

            last = now;
        }
    }

    private static int CountFiles(string directory) =>
        Directory.Exists(directory) ? Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Count() : 0;
}
