using System.Security.Cryptography;
using AetherFS.Core.Blocks;

namespace AetherFS.Core.Tests.Blocks;

public sealed class BlockCutterTests
{
    private const int BlockSize = 1024;

    [Theory]
    [InlineData(1)]
    [InlineData(1023)]
    [InlineData(1024)]
    [InlineData(1025)]
    [InlineData(3000)]
    [InlineData(4096)]
    public async Task NextAsync_YieldsFullBlocksThenTheRest(int length)
    {
        var data = RandomNumberGenerator.GetBytes(length);

        var blocks = await CutAsync(new MemoryStream(data));

        Assert.All(blocks[..^1], b => Assert.Equal(BlockSize, b.Length));
        Assert.InRange(blocks[^1].Length, 1, BlockSize);
        Assert.Equal((length + BlockSize - 1) / BlockSize, blocks.Count);
        Assert.Equal(data, blocks.SelectMany(b => b).ToArray());
    }

    [Fact]
    public async Task NextAsync_YieldsNoBlocksForEmptyStream()
    {
        Assert.Empty(await CutAsync(new MemoryStream()));
    }

    [Fact]
    public async Task NextAsync_FillsWholeBlocksFromShortReads()
    {
        var data = RandomNumberGenerator.GetBytes((3 * BlockSize) + 17);

        var blocks = await CutAsync(new TrickleStream(data));

        Assert.Equal([BlockSize, BlockSize, BlockSize, 17], blocks.Select(b => b.Length));
        Assert.Equal(data, blocks.SelectMany(b => b).ToArray());
    }

    [Fact]
    public async Task NextAsync_BlockSignatureIsSha256OfItsBytes()
    {
        var data = RandomNumberGenerator.GetBytes(BlockSize + 10);
        using var cutter = new BlockCutter(new MemoryStream(data), new FixedSizeChunker(BlockSize));

        using var first = await cutter.NextAsync(CancellationToken.None);

        Assert.NotNull(first);
        Assert.Equal(BlockSignature.Compute(data.AsSpan(0, BlockSize)), first.Signature);
    }

    [Fact]
    public async Task NextAsync_KeepsReturningNullAtTheEnd()
    {
        using var cutter = new BlockCutter(new MemoryStream(new byte[10]), new FixedSizeChunker(BlockSize));

        using var only = await cutter.NextAsync(CancellationToken.None);
        Assert.Equal(10, only!.Length);
        Assert.Null(await cutter.NextAsync(CancellationToken.None));
        Assert.Null(await cutter.NextAsync(CancellationToken.None));
    }

    private static async Task<List<byte[]>> CutAsync(Stream source)
    {
        var result = new List<byte[]>();
        using var cutter = new BlockCutter(source, new FixedSizeChunker(BlockSize));
        while (await cutter.NextAsync(CancellationToken.None) is { } block)
        {
            using (block)
            {
                result.Add(block.Memory.ToArray());
            }
        }

        return result;
    }

    /// <summary>A stream that hands out at most 7 bytes per read, like a slow pipe.</summary>
    private sealed class TrickleStream(byte[] data) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = Math.Min(Math.Min(buffer.Length, 7), data.Length - _position);
            data.AsSpan(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
