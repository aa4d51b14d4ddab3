namespace AetherFS.Mount.Datasets;

/// <summary>How a mounted dataset reads: how long a read may wait, how far a sequential reader is read ahead.</summary>
public sealed class DatasetReadOptions
{
    /// <summary>
    /// How long one read may wait for its blocks; past it the reader gets EIO. An unreachable hub must never leave a
    /// process stuck in a read.
    /// </summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Blocks fetched ahead when a reader of a file is first seen reading it in order.</summary>
    public int ReadAheadMinBlocks { get; init; } = 4;

    /// <summary>The most blocks fetched ahead of a sequential reader; the window doubles up to it while the pattern holds.</summary>
    public int ReadAheadMaxBlocks { get; init; } = 32;

    /// <summary>Read-ahead requests to the hub at once, over all files; beyond it read-ahead is skipped, never queued.</summary>
    public int ReadAheadRequests { get; init; } = 2;

    /// <summary>Blocks the background prefetch asks the hub for in one request.</summary>
    public int PrefetchBatchBlocks { get; init; } = 64;

    public void Validate()
    {
        if (ReadTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ReadTimeout), ReadTimeout, "the read timeout must be positive");
        }

        if (ReadAheadMinBlocks < 1 || ReadAheadMaxBlocks < ReadAheadMinBlocks)
        {
            throw new ArgumentOutOfRangeException(nameof(ReadAheadMaxBlocks), $"read-ahead window {ReadAheadMinBlocks}..{ReadAheadMaxBlocks} blocks is not a range of at least one block");
        }

        if (ReadAheadRequests < 0 || PrefetchBatchBlocks < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(PrefetchBatchBlocks), "read-ahead requests must be >= 0 and prefetch batches >= 1 block");
        }
    }
}
