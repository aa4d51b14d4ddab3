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
    private readonly IReadOnlyList<long> _fileStarts;
    private int _filled;
    private bool _endOfStream;
    private long _position;
    private int _nextFileStart;

    /// <param name="fileStarts">Ascending offsets in the stream where files start, for chunkers that cut there.</param>
    public BlockCutter(Stream source, IChunker chunker, IReadOnlyList<long>? fileStarts = null)
    {
        _source = source;
        _chunker = chunker;
        _fileStarts = chunker.CutsAtFileStarts ? fileStarts ?? [] : [];
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

        var available = UpToNextFileStart(_filled);
        var cut = _chunker.NextCut(_window.AsSpan(0, available), _endOfStream || available < _filled);
        var block = PooledBlock.Copy(_window.AsSpan(0, cut));
        _window.AsSpan(cut, _filled - cut).CopyTo(_window);
        _filled -= cut;
        _position += cut;
        return block;
    }

    public void Dispose() => ArrayPool<byte>.Shared.Return(_window);

    // The window shortened to end at the first file start that leaves a block of at least the minimum size.
    private int UpToNextFileStart(int filled)
    {
        while (_nextFileStart < _fileStarts.Count && _fileStarts[_nextFileStart] - _position < _chunker.Parameters.MinSize)
        {
            _nextFileStart++;
        }

        return _nextFileStart < _fileStarts.Count ? (int)Math.Min(filled, _fileStarts[_nextFileStart] - _position) : filled;
    }
}
