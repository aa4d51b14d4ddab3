using System.Collections.Concurrent;
using AetherFS.Core.Manifests;

namespace AetherFS.Mount.Datasets;

/// <summary>
/// Fetches ahead of the files read in order, in the background: the blocks go to the caches (never into a list of
/// its own), a bounded number of requests at once, and a read never waits for read-ahead to start or finish.
/// </summary>
internal sealed class SequentialReadAhead(BlockFlights flights, IReadOnlyList<BlockRef> blocks, DatasetReadOptions options, ReadCounters counters)
{
    private readonly ConcurrentDictionary<ulong, ReadAheadWindow> _windows = new();
    private int _requests;

    /// <summary>Notes a foreground read of a file's blocks and, if the file is being read in order, fetches ahead.</summary>
    public void Observe(ulong inode, long offset, int length, int endBlock, int lastBlock, CancellationToken stopping)
    {
        var window = _windows.GetOrAdd(inode, _ => new ReadAheadWindow(options.ReadAheadMinBlocks, options.ReadAheadMaxBlocks));
        var ahead = window.Observe(offset, length, endBlock, lastBlock);
        var (start, count) = ahead.GetOffsetAndLength(blocks.Count);
        if (count == 0 || !TryStartRequest())
        {
            // Skipped, not queued: a busy hub is no place to pile up guesses; the next read of the file asks again.
            return;
        }

        var wanted = new List<BlockRef>(count);
        for (var i = start; i < start + count; i++)
        {
            if (!flights.IsCached(blocks[i]))
            {
                wanted.Add(blocks[i]);
            }
        }

        counters.AddReadAhead(wanted.Count);
        // On the thread pool: not even the start of the read-ahead request runs on the read's thread.
        _ = Task.Run(() => FetchAsync(wanted, stopping), CancellationToken.None);
    }

    private async Task FetchAsync(List<BlockRef> wanted, CancellationToken stopping)
    {
        try
        {
            if (wanted.Count == 0)
            {
                return;
            }

            // Bounded like a read: a stuck hub never holds a read-ahead slot for ever.
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            deadline.CancelAfter(options.ReadTimeout);
            using var fetched = await flights.FetchAsync(wanted, foreground: false, deadline.Token);
        }
        catch (Exception)
        {
            // A guess that failed costs nothing: the read that needs the block fetches it and reports the failure.
        }
        finally
        {
            Interlocked.Decrement(ref _requests);
        }
    }

    private bool TryStartRequest()
    {
        if (Interlocked.Increment(ref _requests) <= options.ReadAheadRequests)
        {
            return true;
        }

        Interlocked.Decrement(ref _requests);
        return false;
    }
}
