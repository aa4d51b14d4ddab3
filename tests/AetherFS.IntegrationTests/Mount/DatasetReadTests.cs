using AetherFS.Core.Manifests;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
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
/// How a mounted version reads: blocks shared between concurrent reads, read ahead of sequential readers only, reads
/// bounded in time when the hub is gone, and a prefetch that leaves the whole version readable without the hub.
/// </summary>
public sealed class DatasetReadTests : IClassFixture<HubFixture>, IDisposable
{
    private const int FileLength = (8 << 20) + 777;

    private readonly HubHost _hub;
    private readonly TempDirectory _temp = new();
    private readonly List<HubClient> _clients = [];

    public DatasetReadTests(HubFixture fixture) => _hub = fixture.Hub;

    public void Dispose()
    {
        _clients.ForEach(client => client.Dispose());
        _temp.Dispose();
    }

    [Fact]
    public async Task ConcurrentOverlappingMultiBlockReads_DownloadEachBlockOnce()
    {
        var content = await PushFileAsync(_hub, "read-shared", 21);
        // No read-ahead: every block fetched is one a read asked for.
        var (tree, index) = await OpenAsync(_hub, "read-shared", new DatasetReadOptions { ReadAheadRequests = 0 });
        var file = tree.Lookup(IReadOnlyTree.RootInode, "data.bin")!;

        var reads = Enumerable.Range(0, 12).Select(i => Task.Run(async () =>
        {
            var offset = i * 150_000L;
            var buffer = new byte[600_000];
            var read = await tree.ReadAsync(file.Inode, offset, buffer, CancellationToken.None);
            return buffer.AsSpan(0, read).SequenceEqual(content.AsSpan((int)offset, 600_000));
        })).ToList();

        Assert.All(await Task.WhenAll(reads).WaitAsync(TimeSpan.FromSeconds(60)), Assert.True);
        var touched = index.Layout.Spans(0, (11 * 150_000L) + 600_000).Select(s => s.Index).Distinct().Count();
        Assert.Equal(touched, tree.Reads.BlocksTouched);
        Assert.Equal(touched, tree.Reads.BlocksFetched);
        Assert.True(tree.Reads.HubRequests <= reads.Count, $"{tree.Reads.HubRequests} hub requests for {reads.Count} reads");
    }

    [Fact]
    public async Task SequentialReadThroughTheMount_FetchesAhead_InFewRequests()
    {
        var content = await PushFileAsync(_hub, "read-sequential", 22);
        var (tree, index) = await OpenAsync(_hub, "read-sequential");
        var blocks = index.Manifest.Blocks.Count;
        // The kernel's own read-ahead left at its 128 KiB: with 1 MiB (the default where root may set it) each read
        // already spans many blocks, and this test is about the mount's read-ahead across small reads.
        var mount = FuseMount.Start(tree, Directory.CreateDirectory(_temp.Combine("mnt-sequential")).FullName, new FuseMountOptions { KernelReadAheadKilobytes = 0 });
        try
        {
            await using (var stream = File.OpenRead(Path.Join(mount.Directory, "data.bin")))
            {
                Assert.Equal(SHA256.HashData(content), await SHA256.HashDataAsync(stream).AsTask().WaitAsync(TimeSpan.FromSeconds(60)));
            }

            Assert.True(tree.Reads.ReadAheadBlocks > blocks / 2, $"{tree.Reads.ReadAheadBlocks} of {blocks} blocks read ahead");
            // Without read-ahead each 128 KiB kernel read would be its own request (blocks / 2). Under load the reads
            // overtake the read-ahead now and then: 28 requests for 114 blocks were seen on a busy machine, so the bound
            // is a third, which still needs the read-ahead.
            Assert.True(tree.Reads.HubRequests < blocks / 3, $"{tree.Reads.HubRequests} hub requests for {blocks} blocks");
            Assert.Equal(blocks, tree.Reads.BlocksFetched);
        }
        finally
        {
            await mount.UnmountAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    [Fact]
    public async Task RandomSmallReads_FetchOnlyTheBlocksTouched()
    {
        var content = await PushFileAsync(_hub, "read-random", 23);
        var (tree, _) = await OpenAsync(_hub, "read-random");
        var file = tree.Lookup(IReadOnlyTree.RootInode, "data.bin")!;

        var random = new Random(5);
        for (var i = 0; i < 200; i++)
        {
            var offset = random.Next(FileLength - 4096);
            var buffer = new byte[4096];
            Assert.Equal(buffer.Length, await tree.ReadAsync(file.Inode, offset, buffer, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.True(buffer.AsSpan().SequenceEqual(content.AsSpan(offset, 4096)), $"range {offset}+4096 differs");
        }

        Assert.Equal(0, tree.Reads.ReadAheadBlocks);
        Assert.Equal(tree.Reads.BlocksTouched, tree.Reads.BlocksFetched);
        // Random bytes do not compress: what travelled is the raw bytes touched plus framing.
        Assert.True(tree.Reads.BytesFetched <= tree.Reads.BytesTouched * 1.1, $"{tree.Reads.BytesFetched} bytes fetched for {tree.Reads.BytesTouched} touched");
    }

    [Fact]
    public async Task HubGone_CachedRangesStillRead_UncachedRangeFailsWithEioWithinTheDeadline()
    {
        var hub = await HubHost.StartAsync();
        TempDirectory? hubWork = null;
        var readTimeout = TimeSpan.FromSeconds(2);
        try
        {
            var content = await PushFileAsync(hub, "read-deadline", 24);
            var (tree, _) = await OpenAsync(hub, "read-deadline", new DatasetReadOptions { ReadTimeout = readTimeout });
            var file = tree.Lookup(IReadOnlyTree.RootInode, "data.bin")!;
            var cached = new byte[1 << 20];
            Assert.Equal(cached.Length, await tree.ReadAsync(file.Inode, 0, cached, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(30)));

            var mount = FuseMount.Start(tree, Directory.CreateDirectory(_temp.Combine("mnt-deadline")).FullName);
            try
            {
                (hubWork, _) = await hub.StopAsync();

                // Read through the tree, not the mount: the kernel's page cache would answer a range read before.
                var again = new byte[cached.Length];
                Assert.Equal(again.Length, await tree.ReadAsync(file.Inode, 0, again, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(30)));
                Assert.True(again.AsSpan().SequenceEqual(content.AsSpan(0, again.Length)), "a cached range differs");

                var clock = Stopwatch.StartNew();
                var error = await Assert.ThrowsAnyAsync<IOException>(() => Task.Run(() =>
                {
                    using var handle = File.OpenHandle(Path.Join(mount.Directory, "data.bin"));
                    return RandomAccess.Read(handle, new byte[4096], FileLength - 5000);
                }).WaitAsync(TimeSpan.FromSeconds(60)));
                Assert.Contains("Input/output error", error.Message, StringComparison.Ordinal);
                Assert.True(clock.Elapsed < readTimeout + TimeSpan.FromSeconds(5), $"the read failed after {clock.Elapsed}");
            }
            finally
            {
                var unmounting = Stopwatch.StartNew();
                await mount.UnmountAsync().WaitAsync(TimeSpan.FromSeconds(30));
                Assert.True(unmounting.Elapsed < TimeSpan.FromSeconds(10), $"unmounting took {unmounting.Elapsed}");
            }
        }
        finally
        {
            await hub.DisposeAsync();
            hubWork?.Dispose();
        }
    }

    [Fact]
    public async Task StuckHub_CachedRangesRead_UncachedRangeFailsWithEioWithinTheDeadline()
    {
        var content = await PushFileAsync(_hub, "read-stuck", 27);
        var (warm, index) = await OpenAsync(_hub, "read-stuck");
        var file = warm.Lookup(IReadOnlyTree.RootInode, "data.bin")!;
        Assert.Equal(1 << 20, await warm.ReadAsync(file.Inode, 0, new byte[1 << 20], CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(30)));

        // A hub that accepts connections and never answers: the worst case, a read that would otherwise wait for ever.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var stuck = new HubClient(new Uri($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/"));
        _clients.Add(stuck);
        var readTimeout = TimeSpan.FromSeconds(2);
        var tree = new DatasetTree(index, new BlockFetcher(stuck, new DiskBlockCache(_temp.Combine("cache-read-stuck"), 256L << 20)), new DatasetReadOptions { ReadTimeout = readTimeout });

        var mount = FuseMount.Start(tree, Directory.CreateDirectory(_temp.Combine("mnt-stuck")).FullName);
        try
        {
            var (cached, failed) = await Task.Run(() =>
            {
                using var handle = File.OpenHandle(Path.Join(mount.Directory, "data.bin"));
                var head = new byte[4096];
                RandomAccess.Read(handle, head, 0);
                var clock = Stopwatch.StartNew();
                var error = Assert.ThrowsAny<IOException>(() => RandomAccess.Read(handle, new byte[4096], FileLength - 5000));
                return (head, (error, clock.Elapsed));
            }).WaitAsync(TimeSpan.FromSeconds(60));

            Assert.True(cached.AsSpan().SequenceEqual(content.AsSpan(0, 4096)), "the cached first page differs");
            Assert.Contains("Input/output error", failed.error.Message, StringComparison.Ordinal);
            Assert.True(failed.Elapsed >= readTimeout - TimeSpan.FromMilliseconds(100) && failed.Elapsed < readTimeout + TimeSpan.FromSeconds(5), $"the read failed after {failed.Elapsed}");
        }
        finally
        {
            var unmounting = Stopwatch.StartNew();
            await mount.UnmountAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True(unmounting.Elapsed < TimeSpan.FromSeconds(10), $"unmounting took {unmounting.Elapsed}");
        }
    }

    [Fact]
    public async Task PrefetchedVersion_ReadsWholeWithoutTheHub()
    {
        var hub = await HubHost.StartAsync();
        TempDirectory? hubWork = null;
        try
        {
            var source = _temp.Combine("prefetch-src");
            TreeBuilder.CreateRichTree(source);
            TreeBuilder.WriteFile(source, "big/data.bin", TreeBuilder.RandomBytes(3 << 20, 25));
            (await Infrastructure.Cli.RunAsync(hub.Environment(), "push", "-t", "read-prefetch:v1", source)).AssertSuccess();
            var pulled = _temp.Combine("prefetch-pulled");
            (await Infrastructure.Cli.RunAsync(hub.Environment(), "pull", "read-prefetch:v1", pulled)).AssertSuccess();

            var (tree, index) = await OpenAsync(hub, "read-prefetch", new DatasetReadOptions { PrefetchBatchBlocks = 8 });
            var prefetcher = tree.CreatePrefetcher();
            Assert.Equal(index.Manifest.Blocks.DistinctBy(b => b.Signature).Count(), prefetcher.BlocksTotal);
            await prefetcher.RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Equal(prefetcher.BlocksTotal, prefetcher.BlocksDone);
            (hubWork, _) = await hub.StopAsync();

            var mount = FuseMount.Start(tree, Directory.CreateDirectory(_temp.Combine("mnt-prefetch")).FullName);
            try
            {
                var (exitCode, output) = await RunAsync("diff", "-r", "--no-dereference", pulled, mount.Directory);
                Assert.True(exitCode == 0, output);
                TreeAssert.Equal(pulled, mount.Directory);
            }
            finally
            {
                await mount.UnmountAsync().WaitAsync(TimeSpan.FromSeconds(30));
            }
        }
        finally
        {
            await hub.DisposeAsync();
            hubWork?.Dispose();
        }
    }

    [Fact]
    public async Task Prefetch_StopsWhenCancelled()
    {
        await PushFileAsync(_hub, "read-prefetch-cancel", 26);
        var (tree, _) = await OpenAsync(_hub, "read-prefetch-cancel", new DatasetReadOptions { PrefetchBatchBlocks = 1 });
        var prefetcher = tree.CreatePrefetcher();
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => prefetcher.RunAsync(cancel.Token).WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(prefetcher.BlocksDone < prefetcher.BlocksTotal, $"{prefetcher.BlocksDone} of {prefetcher.BlocksTotal} blocks done");
    }

    private async Task<byte[]> PushFileAsync(HubHost hub, string name, int seed)
    {
        var source = _temp.Combine(name + "-src");
        var content = TreeBuilder.RandomBytes(FileLength, seed);
        TreeBuilder.WriteFile(source, "data.bin", content);
        (await Infrastructure.Cli.RunAsync(hub.Environment(), "push", "-t", name + ":v1", source)).AssertSuccess();
        return content;
    }

    // A fresh cache of the test's own: every block the tree reads first comes from the hub.
    private async Task<(DatasetTree Tree, ManifestIndex Index)> OpenAsync(HubHost hub, string name, DatasetReadOptions? options = null)
    {
        var client = new HubClient(hub.Url);
        _clients.Add(client);
        var (digest, manifest) = await client.GetManifestAsync(name, "v1", CancellationToken.None);
        var index = new ManifestIndex(digest, manifest);
        var cache = new DiskBlockCache(_temp.Combine("cache-" + name), 256L << 20);
        return (new DatasetTree(index, new BlockFetcher(client, cache), options), index);
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
