using AetherFS.Core.Manifests;
using System.Diagnostics;
using System.Security.Cryptography;
using AetherFS.Client.Caching;
using AetherFS.Client.Fetch;
using AetherFS.Client.Hub;
using AetherFS.IntegrationTests.Infrastructure;
using AetherFS.Mount;
using AetherFS.Mount.Datasets;
using AetherFS.Mount.Trees;

namespace AetherFS.IntegrationTests.Mount;

/// <summary>
/// A pushed version mounted through <see cref="DatasetTree"/> on a real FUSE mount in the test's temp dir: the same
/// tree as a pull of the same tag, bytes fetched as they are read and verified.
/// </summary>
public sealed class DatasetMountTests : IClassFixture<HubFixture>, IDisposable
{
    private const int BigFileLength = (5 << 20) + 4321;

    private readonly HubHost _hub;
    private readonly TempDirectory _temp = new();
    private readonly List<HubClient> _clients = [];

    public DatasetMountTests(HubFixture fixture) => _hub = fixture.Hub;

    public void Dispose()
    {
        _clients.ForEach(client => client.Dispose());
        _temp.Dispose();
    }

    [Fact]
    public async Task MountedVersion_EqualsAPullOfTheSameTag_AndRandomRangesMatch()
    {
        var source = _temp.Combine("src");
        TreeBuilder.CreateRichTree(source);
        var big = TreeBuilder.RandomBytes(BigFileLength, 42);
        TreeBuilder.WriteFile(source, "big/many-blocks.bin", big);
        (await Infrastructure.Cli.RunAsync(_hub.Environment(), "push", "-t", "mounted:v1", source)).AssertSuccess();
        var pulled = _temp.Combine("pulled");
        (await Infrastructure.Cli.RunAsync(_hub.Environment(), "pull", "mounted:v1", pulled)).AssertSuccess();

        var (tree, manifest) = await OpenAsync("mounted", "v1");
        Assert.True(manifest.Manifest.Blocks.Count > 40, $"the big file should span many blocks, not {manifest.Manifest.Blocks.Count}");
        var mount = FuseMount.Start(tree, Directory.CreateDirectory(_temp.Combine("mnt")).FullName);
        try
        {
            // Metadata alone (a listing and every stat) fetches nothing.
            var (listed, listing) = await RunAsync("ls", "-lR", mount.Directory);
            Assert.True(listed == 0 && listing.Contains("many-blocks.bin", StringComparison.Ordinal), listing);
            Assert.Equal(0, tree.Counters.Downloaded + tree.Counters.Reused);

            var (exitCode, output) = await RunAsync("diff", "-r", "--no-dereference", pulled, mount.Directory);
            Assert.True(exitCode == 0, output);
            TreeAssert.Equal(pulled, mount.Directory);
            Assert.Equal(await Sha256sumAsync(pulled), await Sha256sumAsync(mount.Directory));

            var random = new Random(7);
            using var file = File.OpenHandle(Path.Join(mount.Directory, "big/many-blocks.bin"));
            for (var i = 0; i < 100; i++)
            {
                var offset = random.NextInt64(BigFileLength + 1000L);
                var buffer = new byte[random.Next(1, 300_000)];
                var read = RandomAccess.Read(file, buffer, offset);
                var expected = big.AsSpan((int)Math.Min(offset, BigFileLength));
                expected = expected[..Math.Min(expected.Length, buffer.Length)];
                Assert.True(expected.SequenceEqual(buffer.AsSpan(0, read)), $"range {offset}+{buffer.Length} differs");
            }
        }
        finally
        {
            await mount.UnmountAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    [Fact]
    public async Task CorruptedBlockOnTheHub_GivesEio_NotWrongBytes()
    {
        var source = _temp.Combine("corrupt-src");
        var content = TreeBuilder.RandomBytes(600_000, 9);
        TreeBuilder.WriteFile(source, "data.bin", content);
        (await Infrastructure.Cli.RunAsync(_hub.Environment(), "push", "-t", "mounted-corrupt:v1", "--compression-level", "0", source)).AssertSuccess();
        var (tree, manifest) = await OpenAsync("mounted-corrupt", "v1");
        var blocks = manifest.Manifest.Blocks;
        Assert.True(blocks.Count >= 3, $"the file should span several blocks, not {blocks.Count}");
        await HubStorage.CorruptBlockAsync(_hub.StoragePath, blocks[^1].Signature, -10);

        var mount = FuseMount.Start(tree, Directory.CreateDirectory(_temp.Combine("mnt-corrupt")).FullName);
        try
        {
            using var file = File.OpenHandle(Path.Join(mount.Directory, "data.bin"));
            // The kernel reads ahead in 128 KiB requests: the first page's request stays clear of the last block.
            var first = new byte[4096];
            Assert.Equal(first.Length, RandomAccess.Read(file, first, 0));
            Assert.Equal(content[..first.Length], first);

            var lastStart = content.Length - blocks[^1].Size;
            var error = Assert.ThrowsAny<IOException>(() => RandomAccess.Read(file, new byte[blocks[^1].Size], lastStart));
            Assert.Contains("Input/output error", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            await mount.UnmountAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    [Fact]
    public async Task ConcurrentReadsOfOneBlock_ShareOneFetch()
    {
        var source = _temp.Combine("shared-src");
        var content = TreeBuilder.RandomBytes(300_000, 11);
        TreeBuilder.WriteFile(source, "data.bin", content);
        (await Infrastructure.Cli.RunAsync(_hub.Environment(), "push", "-t", "mounted-shared:v1", source)).AssertSuccess();
        // No read-ahead: eight reads arriving in increasing order would look sequential and fetch the next blocks.
        var (tree, _) = await OpenAsync("mounted-shared", "v1", new DatasetReadOptions { ReadAheadRequests = 0 });
        var file = tree.Lookup(IReadOnlyTree.RootInode, "data.bin")!;

        var reads = Enumerable.Range(0, 8).Select(async i =>
        {
            var buffer = new byte[1000];
            var read = await tree.ReadAsync(file.Inode, i * 100, buffer, CancellationToken.None);
            return buffer.AsSpan(0, read).SequenceEqual(content.AsSpan(i * 100, 1000));
        }).ToList();

        Assert.All(await Task.WhenAll(reads), Assert.True);
        Assert.Equal(1, tree.Counters.Downloaded);
        Assert.Equal(7, tree.Counters.Reused);
    }

    // A fresh cache of the test's own: every block the mount reads comes from the hub.
    private async Task<(DatasetTree Tree, ManifestIndex Index)> OpenAsync(string name, string tag, DatasetReadOptions? options = null)
    {
        var hub = new HubClient(_hub.Url);
        _clients.Add(hub);
        var (digest, manifest) = await hub.GetManifestAsync(name, tag, CancellationToken.None);
        var index = new ManifestIndex(digest, manifest);
        var cache = new DiskBlockCache(_temp.Combine("mount-cache-" + name), 256L << 20);
        return (new DatasetTree(index, new BlockFetcher(hub, cache), options), index);
    }

    private static async Task<string> Sha256sumAsync(string root)
    {
        var files = Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Where(f => new FileInfo(f).LinkTarget is null)
            .Select(f => Path.GetRelativePath(root, f))
            .Order(StringComparer.Ordinal)
            .ToList();
        var lines = new List<string>();
        foreach (var file in files)
        {
            await using var stream = File.OpenRead(Path.Join(root, file));
            lines.Add($"{Convert.ToHexString(await SHA256.HashDataAsync(stream))}  {file}");
        }

        return string.Join('\n', lines);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }
}
