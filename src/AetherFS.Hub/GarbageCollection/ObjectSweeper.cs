using System.Runtime.ExceptionServices;
using AetherFS.Storage.Blobs;

namespace AetherFS.Hub.GarbageCollection;

/// <summary>
/// Deletes unreferenced objects in batches, closing the race with hubs that claim them meanwhile. A hub writes its
/// claim first and looks for the object second; the sweeper deletes first and reads the claims second. So either
/// the hub sees the object gone (and its client uploads it again), or the sweeper sees the claim, and puts the
/// object back from the bytes it read before deleting. See docs/architecture.md, "Garbage collection".
/// </summary>
internal sealed class ObjectSweeper
{
    private const int MaxBatchCount = 256;
    private const long MaxBatchBytes = 64L * 1024 * 1024;
    private const int Parallelism = 16;

    private readonly IBlobStore _blobs;
    private readonly ClaimSet _claims;
    private readonly ObjectTally _tally;
    private readonly bool _dryRun;
    private readonly Func<string, bool> _isClaimed;
    private readonly Func<string, CancellationToken, Task> _onClaimedKept;
    private readonly List<(BlobInfo Blob, string Id)> _batch = [];
    private long _batchBytes;

    /// <param name="isClaimed">Whether an object (by id: signature or digest) is claimed now.</param>
    /// <param name="onClaimedKept">Called for each object a claim kept or brought back, after claims are read.</param>
    public ObjectSweeper(IBlobStore blobs, ClaimSet claims, ObjectTally tally, bool dryRun, Func<string, bool> isClaimed, Func<string, CancellationToken, Task> onClaimedKept)
    {
        _blobs = blobs;
        _claims = claims;
        _tally = tally;
        _dryRun = dryRun;
        _isClaimed = isClaimed;
        _onClaimedKept = onClaimedKept;
    }

    /// <summary>Runs after every read of the claims, before they are consulted (blocks: mark newly claimed manifests).</summary>
    public Func<CancellationToken, Task>? AfterClaimsRead { get; init; }

    public async Task AddAsync(BlobInfo blob, string id, CancellationToken cancellationToken)
    {
        if (_batch.Count > 0 && (_batch.Count >= MaxBatchCount || _batchBytes + blob.Size > MaxBatchBytes))
        {
            await FlushAsync(cancellationToken);
        }

        _batch.Add((blob, id));
        _batchBytes += blob.Size;
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_batch.Count == 0)
        {
            return;
        }

        var candidates = _batch.ToList();
        _batch.Clear();
        _batchBytes = 0;

        await ReadClaimsAsync(cancellationToken);
        var doomed = new List<(BlobInfo Blob, string Id)>();
        foreach (var candidate in candidates)
        {
            if (_isClaimed(candidate.Id))
            {
                _tally.KeepClaimed(candidate.Blob.Size);
                await _onClaimedKept(candidate.Id, cancellationToken);
            }
            else
            {
                doomed.Add(candidate);
            }
        }

        if (_dryRun)
        {
            doomed.ForEach(d => _tally.Delete(d.Blob.Size));
            return;
        }

        // Read first (nothing is deleted yet, so cancelling here is harmless): the bytes to put back if a claim arrives.
        var contents = new byte[]?[doomed.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, doomed.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (i, ct) => contents[i] = await ReadAsync(doomed[i].Blob.Key, ct));

        // From the first delete on, the batch runs to its end whatever the token says, and even a failed delete
        // does not skip reading the claims for what was deleted before it.
        var deleted = new bool[doomed.Count];
        ExceptionDispatchInfo? failure = null;
        try
        {
            await Parallel.ForEachAsync(
                Enumerable.Range(0, doomed.Count),
                new ParallelOptions { MaxDegreeOfParallelism = Parallelism },
                async (i, _) => deleted[i] = contents[i] is not null && await _blobs.DeleteAsync(doomed[i].Blob.Key, CancellationToken.None));
        }
        catch (Exception e)
        {
            failure = ExceptionDispatchInfo.Capture(e);
        }

        try
        {
            await ReadClaimsAsync(CancellationToken.None);
        }
        catch
        {
            // Without the claims there is no telling what someone relies on: put the whole batch back.
            await RestoreAsync(doomed, contents, deleted, _ => true);
            throw;
        }

        var restored = await RestoreAsync(doomed, contents, deleted, _isClaimed);
        for (var i = 0; i < doomed.Count; i++)
        {
            if (deleted[i] && !restored[i])
            {
                _tally.Delete(doomed[i].Blob.Size);
            }
            else if (restored[i])
            {
                _tally.Restore(doomed[i].Blob.Size);
                await _onClaimedKept(doomed[i].Id, CancellationToken.None);
            }
        }

        failure?.Throw();
    }

    private async Task ReadClaimsAsync(CancellationToken cancellationToken)
    {
        await _claims.RefreshAsync(cancellationToken);
        if (AfterClaimsRead is { } after)
        {
            await after(cancellationToken);
        }
    }

    private async Task<bool[]> RestoreAsync(List<(BlobInfo Blob, string Id)> doomed, byte[]?[] contents, bool[] deleted, Func<string, bool> restore)
    {
        var restored = new bool[doomed.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, doomed.Count).Where(i => deleted[i] && restore(doomed[i].Id)),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism },
            async (i, _) =>
            {
                await _blobs.PutAsync(doomed[i].Blob.Key, contents[i]!, CancellationToken.None);
                restored[i] = true;
            });
        return restored;
    }

    private async Task<byte[]?> ReadAsync(string key, CancellationToken cancellationToken)
    {
        return await _blobs.ReadAllBytesAsync(key, cancellationToken);
    }
}
