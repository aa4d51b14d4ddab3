using AetherFS.IntegrationTests.Infrastructure;

namespace AetherFS.IntegrationTests.Mount;

/// <summary>
/// <c>aetherfs mount</c> and <c>unmount</c> as users run them: real processes against an in-process hub, mounting only
/// inside the test's temp dir and detaching whatever is left in the end.
/// </summary>
public sealed class MountCommandTests : IClassFixture<HubFixture>, IDisposable
{
    private readonly HubHost _hub;
    private readonly TempDirectory _temp = new();

    public MountCommandTests(HubFixture fixture) => _hub = fixture.Hub;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Mount_ServesTheVersion_AndSigtermUnmountsAndExitsZero_WithASummary()
    {
        var content = await PushAsync("cmd-sigterm");
        var directory = Directory.CreateDirectory(_temp.Combine("mnt")).FullName;
        var (mount, ready) = await MountProcess.StartAsync(_hub.Environment(_temp.Combine("cache")), "cmd-sigterm:v1", directory);
        await using (mount)
        {
            Assert.Matches($"^mounted cmd-sigterm:v1 \\(sha256:[0-9a-f]{{64}}\\) at {directory}$", ready);
            Assert.Equal(content, await File.ReadAllBytesAsync(Path.Join(directory, "data.bin")));

            // A second mount of a served directory is refused, and changes nothing.
            var again = await Infrastructure.Cli.RunAsync(_hub.Environment(_temp.Combine("cache")), "mount", "cmd-sigterm:v1", directory);
            Assert.Equal(2, again.ExitCode);
            Assert.Contains("already mounted", again.StandardError, StringComparison.Ordinal);

            Assert.Equal(0, await mount.StopAsync());
            Assert.False(IsMounted(directory), mount.Output);
            Assert.Matches(@"unmounted .*: cache_blocks=\d+ cache_bytes=\d+ hub_blocks=[1-9]\d* hub_bytes=[1-9]\d* hub_requests=[1-9]\d* touched_blocks=[1-9]\d* touched_bytes=[1-9]\d*", mount.Output);
        }
    }

    [Fact]
    public async Task Unmount_EndsTheMount_AndTheMountProcessExitsZero()
    {
        await PushAsync("cmd-unmount");
        var directory = Directory.CreateDirectory(_temp.Combine("mnt-u")).FullName;
        var (mount, _) = await MountProcess.StartAsync(_hub.Environment(_temp.Combine("cache")), "cmd-unmount:v1", directory);
        await using (mount)
        {
            var unmounted = await Infrastructure.Cli.RunAsync(null, "unmount", directory);
            unmounted.AssertSuccess();
            Assert.Equal(0, await mount.ExitAsync());
            Assert.False(IsMounted(directory));

            // Now it is a plain directory: unmounting it again is refused with one line.
            var again = await Infrastructure.Cli.RunAsync(null, "unmount", directory);
            Assert.Equal(2, again.ExitCode);
            Assert.Equal($"aetherfs: error: {directory} is not an aetherfs mount", again.StandardError.Trim());
        }
    }

    [Fact]
    public async Task KilledMount_LeavesAStaleDirectory_WhichTheNextMountClears()
    {
        var content = await PushAsync("cmd-stale");
        var directory = Directory.CreateDirectory(_temp.Combine("mnt-stale")).FullName;
        var (killed, _) = await MountProcess.StartAsync(_hub.Environment(_temp.Combine("cache")), "cmd-stale:v1", directory);
        await using (killed)
        {
            await killed.KillAsync();
            var stale = Assert.ThrowsAny<IOException>(() => Directory.EnumerateFileSystemEntries(directory).ToList());
            Assert.Contains("not connected", stale.Message, StringComparison.Ordinal);

            var (mount, _) = await MountProcess.StartAsync(_hub.Environment(_temp.Combine("cache")), "cmd-stale:v1", directory);
            await using (mount)
            {
                Assert.Contains("cleared a stale mount", mount.Output, StringComparison.Ordinal);
                Assert.Equal(content, await File.ReadAllBytesAsync(Path.Join(directory, "data.bin")));
                // Ctrl+C unmounts as SIGTERM does.
                Assert.Equal(0, await mount.StopAsync("INT"));
                Assert.False(IsMounted(directory), mount.Output);
            }
        }
    }

    [Fact]
    public async Task BadMountInput_IsOneLineWithItsExitCode_AndMountsNothing()
    {
        await PushAsync("cmd-bad");
        var env = _hub.Environment(_temp.Combine("cache"));
        var file = _temp.Combine("a-file");
        await File.WriteAllTextAsync(file, "x");
        var full = Directory.CreateDirectory(_temp.Combine("full")).FullName;
        await File.WriteAllTextAsync(Path.Join(full, "kept"), "x");
        var empty = Directory.CreateDirectory(_temp.Combine("empty")).FullName;

        (string[] Args, int ExitCode, string Message)[] cases =
        [
            (["mount", "cmd-bad:v1", _temp.Combine("missing")], 2, "no such directory"),
            (["mount", "cmd-bad:v1", file], 2, "not a directory"),
            (["mount", "cmd-bad:v1", full], 2, "not empty"),
            (["mount", "cmd-bad:nope", empty], 3, "nope"),
            (["mount", "no-such-dataset:v1", empty], 3, "no-such-dataset"),
            (["mount", "--read-timeout", "0s", "cmd-bad:v1", empty], 2, "invalid --read-timeout '0s'"),
            (["mount", "--read-timeout", "soon", "cmd-bad:v1", empty], 2, "invalid --read-timeout 'soon'"),
        ];
        foreach (var (args, exitCode, message) in cases)
        {
            var result = await Infrastructure.Cli.RunAsync(env, args);
            Assert.True(result.ExitCode == exitCode, $"{string.Join(' ', args)}: {result.ExitCode} {result.StandardError}");
            Assert.Single(result.StandardError.Trim().Split('\n'));
            Assert.Contains(message, result.StandardError, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", result.StandardError, StringComparison.Ordinal);
        }

        Assert.False(IsMounted(empty));
        Assert.True(File.Exists(Path.Join(full, "kept")));
    }

    [Fact]
    public async Task NoHubOrNoFusermount_IsOneLineWithItsExitCode_AndMountsNothing()
    {
        var empty = Directory.CreateDirectory(_temp.Combine("empty-env")).FullName;
        var down = await Infrastructure.Cli.RunAsync(new Dictionary<string, string> { ["AETHERFS_CACHE_DIR"] = _temp.Combine("cache") }, "mount", "--hub", "http://127.0.0.1:1", "any:v1", empty);
        Assert.True(down.ExitCode == 4, down.StandardError);
        Assert.Single(down.StandardError.Trim().Split('\n'));

        // A PATH without fusermount3: refused before the hub is even asked.
        var noTools = Directory.CreateDirectory(_temp.Combine("empty-path")).FullName;
        var missing = await Infrastructure.Cli.RunAsync(new Dictionary<string, string> { ["PATH"] = noTools }, "mount", "--hub", "http://127.0.0.1:1", "any:v1", empty);
        Assert.True(missing.ExitCode == 9, missing.StandardError);
        Assert.Equal("aetherfs: error: cannot mount: fusermount3 is not on PATH: install fuse3 (apt-get install fuse3)", missing.StandardError.Trim());
        Assert.False(IsMounted(empty));
    }

    [Fact]
    public async Task Unmount_OfABusyMount_SaysWhatToDo_AndLeavesItServing()
    {
        var content = await PushAsync("cmd-busy");
        var directory = Directory.CreateDirectory(_temp.Combine("mnt-busy")).FullName;
        var (mount, _) = await MountProcess.StartAsync(_hub.Environment(_temp.Combine("cache")), "cmd-busy:v1", directory);
        await using (mount)
        {
            using (File.OpenHandle(Path.Join(directory, "data.bin")))
            {
                var busy = await Infrastructure.Cli.RunAsync(null, "unmount", directory);
                Assert.Equal(1, busy.ExitCode);
                Assert.Contains("busy", busy.StandardError, StringComparison.Ordinal);
                Assert.Contains($"fusermount3 -u -z {directory}", busy.StandardError, StringComparison.Ordinal);
                Assert.False(mount.HasExited);
                Assert.Equal(content, await File.ReadAllBytesAsync(Path.Join(directory, "data.bin")));
            }

            (await Infrastructure.Cli.RunAsync(null, "unmount", directory)).AssertSuccess();
            Assert.Equal(0, await mount.ExitAsync());
        }
    }

    [Fact]
    public async Task Prefetch_FillsTheCacheWithTheVersion_BeforeAnyRead()
    {
        var content = await PushAsync("cmd-prefetch");
        var directory = Directory.CreateDirectory(_temp.Combine("mnt-prefetch")).FullName;
        var cache = _temp.Combine("cache-prefetch");
        var (prefetching, _) = await MountProcess.StartAsync(_hub.Environment(cache), "cmd-prefetch:v1", directory, "--prefetch");
        await using (prefetching)
        {
            await Eventually.HoldsAsync(() => Task.FromResult(prefetching.Output.Contains("prefetched sha256:", StringComparison.Ordinal)), "the prefetch to finish", () => prefetching.Output);
            Assert.Equal(0, await prefetching.StopAsync());
            // Every block came from the hub though nothing was read.
            Assert.Matches(@"hub_blocks=[1-9]\d* .* touched_blocks=0 ", prefetching.Output);
        }

        // A later mount on that cache reads the whole file without asking the hub for a block.
        var (mount, _) = await MountProcess.StartAsync(_hub.Environment(cache), "cmd-prefetch:v1", directory);
        await using (mount)
        {
            Assert.Equal(content, await File.ReadAllBytesAsync(Path.Join(directory, "data.bin")));
            Assert.Equal(0, await mount.StopAsync());
            Assert.Matches(@"cache_blocks=[1-9]\d* .* hub_blocks=0 ", mount.Output);
        }
    }

    private async Task<byte[]> PushAsync(string name)
    {
        var source = _temp.Combine("src-" + name);
        var content = TreeBuilder.RandomBytes(700_000, name.Length);
        TreeBuilder.WriteFile(source, "data.bin", content);
        (await Infrastructure.Cli.RunAsync(_hub.Environment(), "push", "-t", name + ":v1", source)).AssertSuccess();
        return content;
    }

    private static bool IsMounted(string directory) =>
        File.ReadLines("/proc/self/mountinfo").Any(line => line.Split(' ')[4] == directory);
}
