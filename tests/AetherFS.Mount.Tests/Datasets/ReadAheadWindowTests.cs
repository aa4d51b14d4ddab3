using AetherFS.Mount.Datasets;

namespace AetherFS.Mount.Tests.Datasets;

/// <summary>The read-ahead window of one file: only in-order reads open it; it grows from 4 to 32 blocks and a jump resets it.</summary>
public sealed class ReadAheadWindowTests
{
    private const int Read = 128 * 1024;
    private const int BlockSize = 64 * 1024;
    private const int LastBlock = 10_000;

    [Fact]
    public void InOrderReads_OpenAWindowThatDoublesTo32Blocks()
    {
        var window = new ReadAheadWindow(4, 32);
        var asked = new List<int>();
        var reaches = new List<int>();
        for (long offset = 0; offset < 400L * Read; offset += Read)
        {
            var ahead = window.Observe(offset, Read, EndBlock(offset), LastBlock);
            var (start, count) = ahead.GetOffsetAndLength(LastBlock + 1);
            if (count > 0)
            {
                Assert.True(start > EndBlock(offset), $"read-ahead from block {start} overlaps the read ending in block {EndBlock(offset)}");
                asked.Add(count);
                reaches.Add(start + count - 1 - EndBlock(offset));
            }
        }

        // How far ahead of the read the blocks were asked for: 4, then doubling while the reads stay in order, to 32.
        Assert.Equal([4, 8, 16, 32], reaches.Distinct().Take(4));
        Assert.All(reaches, reach => Assert.InRange(reach, 4, 32));
        Assert.All(asked, count => Assert.InRange(count, 1, 32));
        // Asked in batches of at least half the window, not a request per read.
        Assert.True(asked.Count < 400 / 4, $"{asked.Count} read-ahead requests for 400 reads");
    }

    [Fact]
    public void RandomReads_NeverReadAhead()
    {
        var window = new ReadAheadWindow(4, 32);
        var random = new Random(3);
        for (var i = 0; i < 10_000; i++)
        {
            long offset = random.Next(LastBlock * BlockSize / 4096) * 4096L;
            Assert.Equal(0, window.Observe(offset, 4096, EndBlock(offset), LastBlock).GetOffsetAndLength(LastBlock + 1).Length);
        }
    }

    [Fact]
    public void AJump_ResetsTheWindowToItsMinimum()
    {
        var window = new ReadAheadWindow(4, 32);
        for (long offset = 0; offset < 100L * Read; offset += Read)
        {
            window.Observe(offset, Read, EndBlock(offset), LastBlock);
        }

        long jumped = 300L * Read;
        var counts = new List<int>();
        for (var offset = jumped; offset < jumped + (3L * Read); offset += Read)
        {
            counts.Add(window.Observe(offset, Read, EndBlock(offset), LastBlock).GetOffsetAndLength(LastBlock + 1).Length);
        }

        Assert.Equal([0, 0, 4], counts);
    }

    [Fact]
    public void ReadAhead_StopsAtTheFilesLastBlock()
    {
        var window = new ReadAheadWindow(4, 32);
        const int lastBlock = 7;
        var highest = -1;
        for (long offset = 0; offset < 8L * BlockSize; offset += Read)
        {
            var (start, count) = window.Observe(offset, Read, EndBlock(offset), lastBlock).GetOffsetAndLength(lastBlock + 1);
            highest = count > 0 ? start + count - 1 : highest;
        }

        Assert.Equal(lastBlock, highest);
    }

    private static int EndBlock(long offset) => (int)((offset + Read - 1) / BlockSize);
}
