using System.Diagnostics;
using AetherFS.IntegrationTests.Infrastructure;

namespace AetherFS.IntegrationTests.Mount;

/// <summary>
/// A mount of NAME:TAG follows the tag: new opens see the new version, a file already open keeps reading the one it
/// opened, unchanged files keep their inode, and a deleted tag leaves the last version served.
/// </summary>
public sealed class TagFollowingMountTests : IClassFixture<HubFixture>, IDisposable
{
    private static readonly DateTime Pushed = new(2024, 5, 1, 12, 0, 0, DateTimeKind.Utc);
    private readonly HubHost _hub;
    private readonly TempDirectory _temp = new();

    public TagFollowingMountTests(HubFixture fixture) => _hub = fixture.Hub;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task TagMoved_NewOpensSeeTheNewVersion_OpenFilesKeepTheirs_UnchangedFilesKeepTheirInode()
    {
        var source = _temp.Combine("src");
        var kept = TreeBuilder.RandomBytes(300_000, 1);
        var before = TreeBuilder.RandomBytes(400_000, 2);
        var after = TreeBuilder.RandomBytes(400_000, 3);
        TreeBuilder.WriteFile(source, "kept.bin", kept, modified: Pushed);
        TreeBuilder.WriteFile(source, "changed.bin", before, modified: Pushed);
        TreeBuilder.WriteFile(source, "removed.txt", "going"u8.ToArray(), modified: Pushed);
        TreeBuilder.WriteFile(source, "dir/inner.txt", "inner"u8.ToArray(), modified: Pushed);
        (await Infrastructure.Cli.RunAsync(_hub.Environment(), "push", "-t", "follow:live", source)).AssertSuccess();

        var directory = Directory.CreateDirectory(_temp.Combine("mnt")).FullName;
        var (mount, _) = await MountProcess.StartAsync(_hub.Environment(_temp.Combine("cache")), "follow:live", directory);
        await using (mount)
        {
            var keptInode = await InodeAsync(Path.Join(directory, "kept.bin"));
            Assert.Equal(kept, await File.ReadAllBytesAsync(Path.Join(directory, "kept.bin")));
            Assert.Contains("removed.txt", Directory.GetFiles(directory).Select(Path.GetFileName));
            using var open = File.OpenHandle(Path.Join(directory, "changed.bin"));
            var head = new byte[1000];
            RandomAccess.Read(open, head, 0);
            Assert.Equal(before[..1000], head);

            TreeBuilder.WriteFile(source, "changed.bin", after, modified: Pushed.AddMinutes(1));
            File.Delete(Path.Join(source, "removed.txt"));
            TreeBuilder.WriteFile(source, "added.txt", "new"u8.ToArray(), modified: Pushed);
            (await Infrastructure.Cli.RunAsync(_hub.Environment(), "push", "-t", "follow:live", source)).AssertSuccess();

            await Eventually.HoldsAsync(
                async () => (await File.ReadAllBytesAsync(Path.Join(directory, "changed.bin"))).AsSpan().SequenceEqual(after),
                "a new open of the changed file reads the new version", () => mount.Output);
            Assert.False(File.Exists(Path.Join(directory, "removed.txt")));
            Assert.Equal(["added.txt", "changed.bin", "kept.bin"], Directory.GetFiles(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
            Assert.Equal("inner", await File.ReadAllTextAsync(Path.Join(directory, "dir/inner.txt")));
            Assert.Equal(keptInode, await InodeAsync(Path.Join(directory, "kept.bin")));
            Assert.Equal(kept, await File.ReadAllBytesAsync(Path.Join(directory, "kept.bin")));

            // The handle opened before the move still reads the bytes it opened, past what was read then.
            var whole = new byte[before.Length];
            Assert.Equal(before.Length, RandomAccess.Read(open, whole, 0));
            Assert.Equal(before, whole);

            (await Infrastructure.Cli.RunAsync(_hub.Environment(), "rm", "follow:live")).AssertSuccess();
            await Eventually.HoldsAsync(() => Task.FromResult(mount.Output.Contains("follow:live was deleted", StringComparison.Ordinal)), "the deletion is logged", () => mount.Output);
            Assert.Equal(after, await File.ReadAllBytesAsync(Path.Join(directory, "changed.bin")));

            // The unmount is lazy: the mount serves open files until they are closed, and only then does it exit.
            open.Dispose();
            Assert.Equal(0, await mount.StopAsync());
        }
    }

    private static async Task<string> InodeAsync(string path)
    {
        using var stat = Process.Start(new ProcessStartInfo("stat", ["-c", "%i", path]) { RedirectStandardOutput = true, UseShellExecute = false })!;
        var inode = await stat.StandardOutput.ReadToEndAsync();
        await stat.WaitForExitAsync();
        return inode.Trim();
    }
}
