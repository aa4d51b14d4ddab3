using AetherFS.Core.Blocks;
using AetherFS.Core.Manifests;

namespace AetherFS.Core.Tests.Blocks;

public sealed class FixedSizeChunkerTests
{
    [Theory]
    [InlineData(1023)]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData((64 * 1024 * 1024) + 1)]
    [InlineData(int.MaxValue)]
    public void Constructor_RejectsSizesOutside1KiBTo64MiB(int blockSize)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FixedSizeChunker(blockSize));
    }

    [Theory]
    [InlineData(1024)]
    [InlineData(4 * 1024 * 1024)]
    [InlineData(64 * 1024 * 1024)]
    public void Constructor_AcceptsSizesWithinBounds(int blockSize)
    {
        var chunker = new FixedSizeChunker(blockSize);

        Assert.Equal(blockSize, chunker.MaxBlockSize);
        Assert.Equal(ChunkingParameters.FixedSize(blockSize), chunker.Parameters);
    }

    [Fact]
    public void NextCut_CutsAtBlockSizeOrAtTheEnd()
    {
        var chunker = new FixedSizeChunker(1024);

        Assert.Equal(1024, chunker.NextCut(new byte[1024], final: false));
        Assert.Equal(1024, chunker.NextCut(new byte[1024], final: true));
        Assert.Equal(5, chunker.NextCut(new byte[5], final: true));
    }
}
