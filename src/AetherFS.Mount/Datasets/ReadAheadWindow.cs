namespace AetherFS.Mount.Datasets;

/// <summary>
/// One file's reading pattern: whether its reads follow each other, and how far ahead its blocks were asked for. The
/// window doubles from the minimum to the maximum while reads stay in order and falls back at the first jump.
/// </summary>
internal sealed class ReadAheadWindow
{
    // The kernel sends a sequential reader's reads 128 KiB (or, with more read-ahead, up to 1 MiB) at a time, several
    // at once on several threads, so they may arrive a little out of order: a read starting between the previous one
    // and two of its requests past the end of what was read still counts.
    private const long MinimumSlack = 128 * 1024;

    // In-order reads seen before fetching ahead: one read after another could be chance, a third is a pattern.
    private const int ReadsBeforeReadAhead = 2;

    private readonly int _minBlocks;
    private readonly int _maxBlocks;
    private readonly Lock _lock = new();
    private long _previousOffset = -1;
    private long _expectedOffset = -1;
    private int _inOrder;
    private int _window;
    private int _aheadUntil = -1;

    public ReadAheadWindow(int minBlocks, int maxBlocks)
    {
        _minBlocks = minBlocks;
        _maxBlocks = maxBlocks;
        _window = minBlocks;
    }

    /// <summary>
    /// Notes a read of a file whose blocks run to <paramref name="lastBlock"/>, ending in block
    /// <paramref name="endBlock"/>; returns the blocks to fetch ahead now, or an empty range.
    /// </summary>
    public Range Observe(long offset, int length, int endBlock, int lastBlock)
    {
        lock (_lock)
        {
            var inOrder = _expectedOffset >= 0 && offset >= _previousOffset && offset <= _expectedOffset + Math.Max(MinimumSlack, 2L * length);
            _previousOffset = offset;
            _expectedOffset = Math.Max(inOrder ? _expectedOffset : 0, offset + length);
            if (!inOrder)
            {
                _inOrder = 0;
                _window = _minBlocks;
                _aheadUntil = -1;
                return default;
            }

            if (++_inOrder < ReadsBeforeReadAhead)
            {
                return default;
            }

            // Asked for again only once half the window has been read, so read-ahead goes in few, large requests.
            var from = Math.Max(_aheadUntil + 1, endBlock + 1);
            if (_aheadUntil - endBlock >= _window / 2 || from > lastBlock)
            {
                return default;
            }

            var until = Math.Min(lastBlock, endBlock + _window);
            _aheadUntil = until;
            _window = Math.Min(_window * 2, _maxBlocks);
            return from..(until + 1);
        }
    }
}
