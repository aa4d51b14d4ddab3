using System.Diagnostics;
using AetherFS.Hub.Scrubbing;
using AetherFS.Hub.Tests.GarbageCollection;
using AetherFS.Storage.Blocks;
using Microsoft.Extensions.Logging.Abstractions;

namespace AetherFS.Hub.Tests.Scrubbing;

/// <summary>Verifying the whole store: what it reads, what it finds, what it quarantines, and how fast it may go.</summary>
public sealed class StoreScrubberTests : IDisposable
{
    private readonly GcHarness _hub = new();
    private readonly StoreScrubber _scrubber;

    public StoreScrubberTests() =>
        _scrubber = new StoreScrubber(_hub.Blobs, _hub.Blocks, _hub.Datasets, TimeProvider.System, NullLogger<StoreScrubber>.Instance);

    public void Dispose()
    {
        _scrubber.Dispose();
        _hub.Dispose();
    }

    [Fact]
    public async Task Run_ReportsEveryCorruptBlockOfAPack_QuarantinesThem_AndTheManifestThatNeedsThem()
    {
        var blocks = Enumerable.Range(0, 4).Select(i => GcHarness.Bytes(i, 5000)).ToArray();
        var digest = await _hub.PushPackedAsync("geo", "v1", blocks);
        await FlipAsync(GcHarness.Signature(blocks[1]), at: 20);
        await FlipAsync(GcHarness.Signature(blocks[3]), at: -1);

        var report = await RunAsync();

        Assert.Equal((1, 4, 1), (report.Packs, report.Blocks, report.Manifests));
        Assert.Equal(2, report.BadBlockCount);
        Assert.Equal(new[] { blocks[1], blocks[3] }.Select(GcHarness.Signature).Order(), report.BadBlocks.Select(b => b.Signature).Order());
        // Quarantined for every hub: another one reports them missing, so the next push uploads them again.
        Assert.Equal(new[] { blocks[1], blocks[3] }.Select(GcHarness.Signature).Order(), (await new BlockStore(_hub.Local).FindMissingAsync(blocks.Select(GcHarness.Signature).ToList(), CancellationToken.None)).Order());
        Assert.Equal(digest, Assert.Single(report.BadManifests).Digest);

        var again = await RunAsync();
        Assert.Equal((0, 1), (again.BadBlockCount, again.BadManifestCount));
        await _hub.PushPackedAsync("geo", "v2", blocks);
        var repaired = await RunAsync();
        Assert.Equal((0, 0), (repaired.BadBlockCount, repaired.BadManifestCount));
    }

    [Fact]
    public async Task Run_APackCutShort_ReportsTheBlocksItLost()
    {
        var blocks = Enumerable.Range(0, 3).Select(i => GcHarness.Bytes(i, 5000)).ToArray();
        await _hub.PushPackedAsync("geo", "v1", blocks);
        var located = new List<(string Signature, string Key, long Offset)>();
        foreach (var block in blocks)
        {
            var (key, offset, _) = (await _hub.Blocks.LocationOfAsync(GcHarness.Signature(block), CancellationToken.None))!.Value;
            located.Add((GcHarness.Signature(block), key, offset));
        }

        var last = located.MaxBy(l => l.Offset);
        await using (var file = new FileStream(_hub.PathOf(last.Key), FileMode.Open, FileAccess.Write))
        {
            file.SetLength(last.Offset + 10);
        }

        var report = await RunAsync();

        Assert.Equal(last.Signature, Assert.Single(report.BadBlocks).Signature);
        Assert.Equal(3, report.Blocks);
    }

    [Fact]
    public async Task Run_APackLostFromTheStore_ReportsItsBlocks_AndTheHubThenAsksForThemAgain()
    {
        var blocks = Enumerable.Range(0, 3).Select(i => GcHarness.Bytes(i, 5000)).ToArray();
        await _hub.PushPackedAsync("geo", "v1", blocks);
        var (key, _, _) = (await _hub.Blocks.LocationOfAsync(GcHarness.Signature(blocks[0]), CancellationToken.None))!.Value;
        File.Delete(_hub.PathOf(key));

        var report = await RunAsync();

        Assert.Equal(3, report.BadBlockCount);
        Assert.All(report.BadBlocks, b => Assert.Contains("missing from the store", b.Reason, StringComparison.Ordinal));
        Assert.Equal(1, report.BadManifestCount);
        Assert.Equal(3, (await new BlockStore(_hub.Local).FindMissingAsync(blocks.Select(GcHarness.Signature).ToList(), CancellationToken.None)).Count);
        await _hub.PushPackedAsync("geo", "v2", blocks);
        Assert.Equal(blocks[0], await _hub.ReadFreshAsync(GcHarness.Signature(blocks[0])));
    }

    [Fact]
    public async Task Run_AtARate_TakesAtLeastTheTimeItsBytesNeed()
    {
        // About 1 MiB stored, read at 512 KiB/s: about two seconds (less the tenth of a second the bucket starts with).
        var blocks = Enumerable.Range(0, 16).Select(i => GcHarness.Bytes(i, 64 * 1024)).ToArray();
        await _hub.PushPackedAsync("geo", "v1", blocks);
        var clock = Stopwatch.StartNew();

        var report = await _scrubber.RunAsync(new ScrubRunOptions(512 * 1024), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(report.Bytes > 1024 * 1024, $"read {report.Bytes} bytes");
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.5), $"took {clock.Elapsed}");
        Assert.Equal(512 * 1024, report.MaxBytesPerSecond);
    }

    private Task<Protocol.Rest.VerifyReport> RunAsync() =>
        _scrubber.RunAsync(new ScrubRunOptions(null), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

    // Flips a bit of a block's stored payload, `at` bytes into it (negative: from its end).
    private async Task FlipAsync(string signature, int at)
    {
        var (key, offset, length) = (await _hub.Blocks.LocationOfAsync(signature, CancellationToken.None))!.Value;
        var path = _hub.PathOf(key);
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[offset + (at < 0 ? length + at : at)] ^= 0x01;
        await File.WriteAllBytesAsync(path, bytes);
    }
}
