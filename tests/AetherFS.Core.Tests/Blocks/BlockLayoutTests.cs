using AetherFS.Core.Blocks;
using AetherFS.Core.Manifests;

namespace AetherFS.Core.Tests.Blocks;

public sealed class BlockLayoutTests
{
    // Blocks of 10, 20 and 5 bytes: [0,10) [10,30) [30,35).
    private readonly BlockLayout _layout = new([Block(10), Block(20), Block(5)]);

    [Fact]
    public void Layout_ReportsCountTotalAndStarts()
    {
        Assert.Equal(3, _layout.Count);
        Assert.Equal(35, _layout.TotalSize);
        Assert.Equal(0, _layout.StartOf(0));
        Assert.Equal(10, _layout.StartOf(1));
        Assert.Equal(30, _layout.StartOf(2));
    }

    [Theory]
    [InlineData(0L, 0)]
    [InlineData(9L, 0)]
    [InlineData(10L, 1)]
    [InlineData(29L, 1)]
    [InlineData(30L, 2)]
    [InlineData(34L, 2)]
    public void IndexOf_FindsBlockHoldingOffset(long offset, int expected)
    {
        Assert.Equal(expected, _layout.IndexOf(offset));
    }

    [Theory]
    [InlineData(-1L)]
    [InlineData(35L)]
    [InlineData(long.MaxValue)]
    public void IndexOf_ThrowsOutsideTheStream(long offset)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _layout.IndexOf(offset));
    }

    [Fact]
    public void IndexOf_ThrowsOnEmptyLayout()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BlockLayout([]).IndexOf(0));
    }

    [Fact]
    public void Spans_WithinOneBlock()
    {
        Assert.Equal([new BlockSpan(1, 2, 5)], _layout.Spans(12, 5));
    }

    [Fact]
    public void Spans_AcrossBlockBoundaries()
    {
        Assert.Equal(
            [new BlockSpan(0, 8, 2), new BlockSpan(1, 0, 20), new BlockSpan(2, 0, 1)],
            _layout.Spans(8, 23));
    }

    [Fact]
    public void Spans_AtStart()
    {
        Assert.Equal([new BlockSpan(0, 0, 10)], _layout.Spans(0, 10));
    }

    [Fact]
    public void Spans_AtEnd()
    {
        Assert.Equal([new BlockSpan(2, 3, 2)], _layout.Spans(33, 2));
    }

    [Fact]
    public void Spans_WholeStream()
    {
        Assert.Equal(
            [new BlockSpan(0, 0, 10), new BlockSpan(1, 0, 20), new BlockSpan(2, 0, 5)],
            _layout.Spans(0, 35));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(17L)]
    [InlineData(35L)]
    public void Spans_ZeroLengthIsEmpty(long offset)
    {
        Assert.Empty(_layout.Spans(offset, 0));
    }

    [Theory]
    [InlineData(-1L, 1L)]
    [InlineData(0L, -1L)]
    [InlineData(30L, 6L)]
    [InlineData(36L, 0L)]
    [InlineData(0L, 36L)]
    public void Spans_ThrowsOutsideTheStream(long offset, long length)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _layout.Spans(offset, length).ToList());
    }

    [Fact]
    public void Spans_LengthsAddUpForEveryRange()
    {
        for (long offset = 0; offset <= 35; offset++)
        {
            for (long length = 0; offset + length <= 35; length++)
            {
                var spans = _layout.Spans(offset, length).ToList();
                Assert.Equal(length, spans.Sum(s => (long)s.Length));
                Assert.All(spans, s => Assert.InRange(s.Offset + s.Length, 1, 20));
            }
        }
    }

    [Fact]
    public void EntryOffsets_CountOnlyFileBytes()
    {
        var time = DateTime.UnixEpoch;
        ManifestEntry[] entries =
        [
            new("a", EntryType.File, 7, 0x1A4, time),
            new("b", EntryType.Directory, 0, 0x1ED, time),
            new("b/c", EntryType.File, 0, 0x1A4, time),
            new("b/d", EntryType.Symlink, 0, 0x1FF, time, "c"),
            new("e", EntryType.File, 3, 0x1A4, time),
            new("f", EntryType.File, 1, 0x1A4, time),
        ];

        Assert.Equal([0L, 7, 7, 7, 7, 10], BlockLayout.EntryOffsets(entries));
    }

    [Fact]
    public void EntryOffsets_OfNoEntriesIsEmpty()
    {
        Assert.Empty(BlockLayout.EntryOffsets([]));
    }

    private static BlockRef Block(int size) => new(new string('0', 64), size);
}
