using System.Security.Cryptography;
using AetherFS.Client.Caching;
using AetherFS.Core.Blocks;
using AetherFS.Core.Manifests;
using AetherFS.Testing;

namespace AetherFS.Client.Tests.Caching;

public sealed class DiskBlockCacheTests : IDisposable
{
    private const long Large = 1L << 30;
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task Put_ThenRead_ReturnsTheVerifiedBlock()
    {
        var cache = new DiskBlockCache(_root.Path, 1024 * 1024);
        var (block, payload, data) = Block(1000, 1);

        await cache.PutAsync(block.Signature, payload, CancellationToken.None);
        using var read = await cache.TryReadAsync(block, CancellationToken.None);

        Assert.Equal(data, read!.Memory.ToArray());
    }

    [Fact]
    public async Task ManyBlocks_ShareOneSegment()
    {
        var cache = new DiskBlockCache(_root.Path, Large);
        var blocks = Enumerable.Range(0, 1000).Select(i => Block(500 + i, i)).ToList();

        foreach (var (block, payload, _) in blocks)
        {
            await cache.PutAsync(block.Signature, payload, CancellationToken.None);
        }

        Assert.Equal(1, cache.SegmentCount);
        Assert.Equal(["00000001.lock", "00000001.log"], Directory.EnumerateFiles(_root.Path, "*", SearchOption.AllDirectories).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(blocks.Sum(b => (long)Record(b.Payload)), cache.UsedBytes);
        foreach (var (block, _, data) in blocks)
        {
            using var read = await cache.TryReadAsync(block, CancellationToken.None);
            Assert.Equal(data, read!.Memory.ToArray());
        }
    }

    [Fact]
    public async Task Put_TheSameBlockTwice_KeepsOneRecord()
    {
        var cache = new DiskBlockCache(_root.Path, Large);
        var (block, payload, _) = Block(1000, 1);

        await cache.PutAsync(block.Signature, payload, CancellationToken.None);
        await cache.PutAsync(block.Signature, payload, CancellationToken.None);

        Assert.Equal(Record(payload), cache.UsedBytes);
    }

    [Fact]
    public async Task Budget_EvictsTheLeastRecentlyUsedSegmentFirst()
    {
        var (a, pa, _) = Block(4000, 1);
        var (b, pb, _) = Block(4000, 2);
        var (c, pc, _) = Block(4000, 3);
        // Segments of one block each, so that the order of use is the order of eviction.
        var cache = new DiskBlockCache(_root.Path, Record(pa) + Record(pb) + 100, segmentBytes: 1);
        await cache.PutAsync(a.Signature, pa, CancellationToken.None);
        await cache.PutAsync(b.Signature, pb, CancellationToken.None);
        (await cache.TryReadAsync(a, CancellationToken.None))!.Dispose(); // a is now more recent than b

        await cache.PutAsync(c.Signature, pc, CancellationToken.None);

        Assert.True(cache.Contains(a.Signature));
        Assert.False(cache.Contains(b.Signature));
        Assert.True(cache.Contains(c.Signature));
        Assert.True(cache.UsedBytes <= cache.BudgetBytes);
        Assert.Equal(2, cache.SegmentCount);
        Assert.False(File.Exists(SegmentPath(2)), "b's segment is deleted");
        var reopened = new DiskBlockCache(_root.Path, cache.BudgetBytes);
        Assert.False(reopened.Contains(b.Signature));
    }

    [Fact]
    public async Task PinnedBlocks_AreNeverEvicted()
    {
        var (a, pa, _) = Block(4000, 1);
        var (b, pb, _) = Block(4000, 2);
        var cache = new DiskBlockCache(_root.Path, Record(pa) + 10);
        await cache.PutAsync(a.Signature, pa, CancellationToken.None);
        cache.Pin([a.Signature]);

        await cache.PutAsync(b.Signature, pb, CancellationToken.None);

        Assert.True(cache.Contains(a.Signature));
        Assert.False(cache.Contains(b.Signature));
    }

    [Fact]
    public async Task PinnedBlocks_AreCopiedOutOfTheSegmentEvicted()
    {
        // Budget 100,000: segments of 12,500 bytes, four 3,052-byte records each.
        var cache = new DiskBlockCache(_root.Path, 100_000);
        var first = Enumerable.Range(0, 4).Select(i => Block(3000, i)).ToList();
        foreach (var (block, payload, _) in first)
        {
            await cache.PutAsync(block.Signature, payload, CancellationToken.None);
        }

        cache.Pin([first[0].Block.Signature]);
        for (var i = 0; i < 40; i++)
        {
            var (block, payload, _) = Block(3000, 100 + i);
            await cache.PutAsync(block.Signature, payload, CancellationToken.None);
        }

        Assert.False(File.Exists(SegmentPath(1)), "the first segment is evicted");
        Assert.True(cache.UsedBytes <= cache.BudgetBytes, $"{cache.UsedBytes} bytes");
        using (var pinned = await cache.TryReadAsync(first[0].Block, CancellationToken.None))
        {
            Assert.Equal(first[0].Data, pinned!.Memory.ToArray());
        }

        Assert.All(first.Skip(1), b => Assert.False(cache.Contains(b.Block.Signature)));
        Assert.True(new DiskBlockCache(_root.Path, cache.BudgetBytes).Contains(first[0].Block.Signature));
    }

    [Fact]
    public async Task Budget_HoldsUnderChurn()
    {
        var cache = new DiskBlockCache(_root.Path, 64 * 1024);
        for (var i = 0; i < 200; i++)
        {
            var (block, payload, _) = Block(3000 + i, i);
            await cache.PutAsync(block.Signature, payload, CancellationToken.None);
            Assert.True(cache.UsedBytes <= cache.BudgetBytes, $"{cache.UsedBytes} bytes after put {i}");
        }

        Assert.True(SegmentBytesOnDisk() <= cache.BudgetBytes, $"{SegmentBytesOnDisk()} bytes on disk");
        Assert.InRange(cache.SegmentCount, 1, 12);
    }

    [Fact]
    public async Task ANewProcess_FindsTheCachedBlocksAndTheirSizes()
    {
        var (block, payload, _) = Block(5000, 7);
        await new DiskBlockCache(_root.Path, 1024 * 1024).PutAsync(block.Signature, payload, CancellationToken.None);

        var reopened = new DiskBlockCache(_root.Path, 1024 * 1024);

        Assert.True(reopened.Contains(block.Signature));
        Assert.Equal(payload.Length + CacheRecordHeader.Size, reopened.UsedBytes);
    }

    [Fact]
    public async Task Reopened_FindsEveryBlock_AndAppendsToTheSameSegment()
    {
        var blocks = Enumerable.Range(0, 50).Select(i => Block(2000 + i, i)).ToList();
        var first = new DiskBlockCache(_root.Path, Large);
        foreach (var (block, payload, _) in blocks.Take(40))
        {
            await first.PutAsync(block.Signature, payload, CancellationToken.None);
        }

        first.Release(); // as its process's end would
        var second = new DiskBlockCache(_root.Path, Large);
        foreach (var (block, payload, _) in blocks.Skip(40))
        {
            await second.PutAsync(block.Signature, payload, CancellationToken.None);
        }

        Assert.Equal(1, second.SegmentCount);
        var third = new DiskBlockCache(_root.Path, Large);
        foreach (var (block, _, data) in blocks)
        {
            using var read = await third.TryReadAsync(block, CancellationToken.None);
            Assert.Equal(data, read!.Memory.ToArray());
        }
    }

    [Fact]
    public async Task DamagedRecord_IsAMissForThatBlockOnly_AndIsNeverReturned()
    {
        var cache = new DiskBlockCache(_root.Path, Large);
        var blocks = Enumerable.Range(0, 3).Select(i => Block(5000, 8 + i)).ToList();
        foreach (var (block, payload, _) in blocks)
        {
            await cache.PutAsync(block.Signature, payload, CancellationToken.None);
        }

        // The last byte of the middle record's payload.
        FlipByte(SegmentPath(1), Record(blocks[0].Payload) + Record(blocks[1].Payload) - 1);

        Assert.Null(await cache.TryReadAsync(blocks[1].Block, CancellationToken.None));
        Assert.False(cache.Contains(blocks[1].Block.Signature));
        Assert.Null(await cache.TryReadAsync(blocks[1].Block, CancellationToken.None));
        foreach (var (block, _, data) in new[] { blocks[0], blocks[2] })
        {
            using var read = await cache.TryReadAsync(block, CancellationToken.None);
            Assert.Equal(data, read!.Memory.ToArray());
        }

        Assert.Null(await new DiskBlockCache(_root.Path, Large).TryReadAsync(blocks[1].Block, CancellationToken.None));
    }

    [Fact]
    public async Task DamagedRecordHeader_EndsTheScanOfItsSegment_AndTheCacheKeepsWorking()
    {
        var first = new DiskBlockCache(_root.Path, Large);
        var blocks = Enumerable.Range(0, 3).Select(i => Block(5000, 20 + i)).ToList();
        foreach (var (block, payload, _) in blocks)
        {
            await first.PutAsync(block.Signature, payload, CancellationToken.None);
        }

        first.Release();
        FlipByte(SegmentPath(1), Record(blocks[0].Payload)); // the magic of the second record

        var reopened = new DiskBlockCache(_root.Path, Large);
        Assert.True(reopened.Contains(blocks[0].Block.Signature));
        Assert.False(reopened.Contains(blocks[1].Block.Signature));
        Assert.False(reopened.Contains(blocks[2].Block.Signature));
        await reopened.PutAsync(blocks[2].Block.Signature, blocks[2].Payload, CancellationToken.None);

        // Appended after the first record, the damaged rest cut off.
        Assert.Equal(Record(blocks[0].Payload) + Record(blocks[2].Payload), new FileInfo(SegmentPath(1)).Length);
        var third = new DiskBlockCache(_root.Path, Large);
        using var read = await third.TryReadAsync(blocks[2].Block, CancellationToken.None);
        Assert.Equal(blocks[2].Data, read!.Memory.ToArray());
    }

    [Fact]
    public async Task TornTail_LosesOnlyThatRecord_AndTheNextAppendFollowsTheLastWholeOne()
    {
        var first = new DiskBlockCache(_root.Path, Large);
        var blocks = Enumerable.Range(0, 3).Select(i => Block(5000, 30 + i)).ToList();
        foreach (var (block, payload, _) in blocks)
        {
            await first.PutAsync(block.Signature, payload, CancellationToken.None);
        }

        first.Release();
        var whole = Record(blocks[0].Payload) + Record(blocks[1].Payload);
        using (var log = File.OpenWrite(SegmentPath(1)))
        {
            log.SetLength(whole + CacheRecordHeader.Size + 100); // a crash in the middle of the third record
        }

        var reopened = new DiskBlockCache(_root.Path, Large);
        Assert.True(reopened.Contains(blocks[0].Block.Signature));
        Assert.True(reopened.Contains(blocks[1].Block.Signature));
        Assert.Null(await reopened.TryReadAsync(blocks[2].Block, CancellationToken.None));
        var (extra, extraPayload, _) = Block(5000, 40);
        await reopened.PutAsync(extra.Signature, extraPayload, CancellationToken.None);
        await reopened.PutAsync(blocks[2].Block.Signature, blocks[2].Payload, CancellationToken.None);

        Assert.Equal(1, reopened.SegmentCount);
        Assert.Equal(whole + Record(extraPayload) + Record(blocks[2].Payload), new FileInfo(SegmentPath(1)).Length);
        var third = new DiskBlockCache(_root.Path, Large);
        foreach (var (block, _, data) in blocks)
        {
            using var read = await third.TryReadAsync(block, CancellationToken.None);
            Assert.Equal(data, read!.Memory.ToArray());
        }

        Assert.True(third.Contains(extra.Signature));
    }

    [Fact]
    public async Task TwoInstancesPuttingAtOnce_AppendToTheirOwnSegments_AndAThirdReadsAll()
    {
        var blocks = Enumerable.Range(0, 400).Select(i => Block(1000 + (i % 50), i)).ToList();
        var one = new DiskBlockCache(_root.Path, Large);
        var two = new DiskBlockCache(_root.Path, Large);

        // Half the blocks each, and a tenth of them both.
        await Task.WhenAll(
            PutAllAsync(one, blocks.Where((_, i) => i % 2 == 0 || i % 10 == 1)),
            PutAllAsync(two, blocks.Where((_, i) => i % 2 == 1 || i % 10 == 0)));

        Assert.Equal(2, one.SegmentCount);
        var third = new DiskBlockCache(_root.Path, Large);
        foreach (var (block, _, data) in blocks)
        {
            using var read = await third.TryReadAsync(block, CancellationToken.None);
            Assert.Equal(data, read!.Memory.ToArray());
        }
    }

    [Fact]
    public async Task ConcurrentPutsAndReads_InOneInstance_ReturnOnlyTheBlocksPut()
    {
        var blocks = Enumerable.Range(0, 300).Select(i => Block(2000 + i, i)).ToList();
        var cache = new DiskBlockCache(_root.Path, 256 * 1024, segmentBytes: 16 * 1024);
        cache.Pin(blocks.Take(10).Select(b => b.Block.Signature));

        await Parallel.ForEachAsync(Enumerable.Range(0, 1200), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            var (block, payload, data) = blocks[(i * 7) % blocks.Count];
            await cache.PutAsync(block.Signature, payload, ct);
            using var read = await cache.TryReadAsync(blocks[i % blocks.Count].Block, ct);
            if (read is not null)
            {
                Assert.Equal(blocks[i % blocks.Count].Data, read.Memory.ToArray());
            }
        });

        // Eviction runs one at a time; a last put brings the cache within budget.
        var (last, lastPayload, _) = Block(2000, 999);
        await cache.PutAsync(last.Signature, lastPayload, CancellationToken.None);
        Assert.True(cache.UsedBytes <= cache.BudgetBytes, $"{cache.UsedBytes} bytes");
        Assert.All(blocks.Take(10), b => Assert.True(cache.Contains(b.Block.Signature)));
        Assert.True(SegmentBytesOnDisk() <= cache.BudgetBytes);
    }

    [Fact]
    public async Task ASegmentAnotherInstanceAppendsTo_IsNotEvicted_UntilItLetsGo()
    {
        var (a, pa, da) = Block(4000, 1);
        var (b, pb, _) = Block(4000, 2);
        var (c, pc, _) = Block(4000, 3);
        var appender = new DiskBlockCache(_root.Path, Large);
        await appender.PutAsync(a.Signature, pa, CancellationToken.None);
        var small = new DiskBlockCache(_root.Path, Record(pb) + 100, segmentBytes: 1);

        await small.PutAsync(b.Signature, pb, CancellationToken.None);

        Assert.True(File.Exists(SegmentPath(1)), "the segment being appended to stays");
        using (var read = await appender.TryReadAsync(a, CancellationToken.None))
        {
            Assert.Equal(da, read!.Memory.ToArray());
        }

        appender.Release();
        await small.PutAsync(c.Signature, pc, CancellationToken.None);

        Assert.False(File.Exists(SegmentPath(1)), "a segment nobody appends to goes");
        Assert.Null(await appender.TryReadAsync(a, CancellationToken.None));
        Assert.False(appender.Contains(a.Signature));
    }

    [Fact]
    public async Task LegacyBlockFiles_AreMovedIntoASegment()
    {
        var blocks = Enumerable.Range(0, 5).Select(i => Block(3000, 50 + i)).ToList();
        foreach (var (block, payload, _) in blocks)
        {
            var path = _root.Combine("blocks", block.Signature[..2], block.Signature[2..]);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, payload);
        }

        var (damaged, _, _) = Block(3000, 60);
        Directory.CreateDirectory(_root.Combine("blocks", damaged.Signature[..2]));
        File.WriteAllBytes(_root.Combine("blocks", damaged.Signature[..2], damaged.Signature[2..]), new byte[3012]);
        Directory.CreateDirectory(_root.Combine(".tmp"));
        File.WriteAllBytes(_root.Combine(".tmp", "0123"), [1, 2, 3]);

        var cache = new DiskBlockCache(_root.Path, Large);

        Assert.All(blocks, b => Assert.True(cache.Contains(b.Block.Signature)));
        Assert.False(cache.Contains(damaged.Signature));
        Assert.False(Directory.Exists(_root.Combine("blocks")));
        Assert.False(Directory.Exists(_root.Combine(".tmp")));
        Assert.Equal(1, cache.SegmentCount);
        var reopened = new DiskBlockCache(_root.Path, Large);
        foreach (var (block, _, data) in blocks)
        {
            using var read = await reopened.TryReadAsync(block, CancellationToken.None);
            Assert.Equal(data, read!.Memory.ToArray());
        }
    }

    private static async Task PutAllAsync(DiskBlockCache cache, IEnumerable<(BlockRef Block, byte[] Payload, byte[] Data)> blocks)
    {
        await Parallel.ForEachAsync(blocks, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (b, ct) =>
            await cache.PutAsync(b.Block.Signature, b.Payload, ct));
    }

    private string SegmentPath(int sequence) => _root.Combine("segments", $"{sequence:D8}.log");

    private long SegmentBytesOnDisk() =>
        Directory.EnumerateFiles(_root.Combine("segments"), "*.log").Sum(f => new FileInfo(f).Length);

    private static int Record(byte[] payload) => CacheRecordHeader.Size + payload.Length;

    private static void FlipByte(string path, long offset)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        file.Position = offset;
        var value = file.ReadByte();
        file.Position = offset;
        file.WriteByte((byte)(value ^ 0xFF));
    }

    // Random (incompressible) data, stored raw: the payload is the 12-byte header and the bytes.
    private static (BlockRef Block, byte[] Payload, byte[] Data) Block(int size, int seed)
    {
        var data = new byte[size];
        new Random(seed).NextBytes(data);
        using var payload = BlockPayload.Encode(data, level: 0);
        return (new BlockRef(Convert.ToHexStringLower(SHA256.HashData(data)), size), payload.Memory.ToArray(), data);
    }
}
