using System.Buffers;

namespace AetherFS.Core.Blocks;

/// <summary>
/// Reads a stream and hands out its blocks one at a time, each in a pooled buffer the caller returns by
/// disposing the <see cref="PooledBlock"/>. Memory held is one chunker window plus the blocks in flight.
/// </summary>
public sealed class BlockCutter : IDisposable
{
    private readonly Stream _source;
    private readonly IChunker _chunker;
    private readonly byte[] _window;
    private int _filled;
    private bool _endOfStream;

    public BlockCutter(Stream source, IChunker chunker)
    {
        _source = source;
        _chunker = chunker;
        _window = ArrayPool<byte>.Shared.Rent(chunker.MaxBlockSize);
    }

    /// <summary>The next block, or null at the end of the stream.</summary>
    public async ValueTask<PooledBlock?> NextAsync(CancellationToken cancellationToken)
    {
        if (!_endOfStream && _filled < _chunker.MaxBlockSize)
        {
            var wanted = _chunker.MaxBlockSize - _filled;
            var read = await _source.ReadAtLeastAsync(_window.AsMemory(_filled, wanted), wanted, throwOnEndOfStream: false, cancellationToken);
            _filled += read;
            _endOfStream = read < wanted;
        }

        if (_filled == 0)
        {
            return null;
        }

        var cut = _chunker.NextCut(_window.AsSpan(0, _filled), _endOfStream);
        var block = PooledBlock.Copy(_window.AsSpan(0, cut));
        _window.AsSpan(cut, _filled - cut).CopyTo(_window);
        _filled -= cut;
        return block;
    }

    public void Dispose() => ArrayPool<byte>.Shared.Return(_window);
}
