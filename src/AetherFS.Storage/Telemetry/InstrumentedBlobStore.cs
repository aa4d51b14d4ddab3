using System.Diagnostics;
using System.Runtime.CompilerServices;
using AetherFS.Storage.Blobs;

namespace AetherFS.Storage.Telemetry;

/// <summary>
/// Measures and traces any blob store from outside, so local disk and S3 report the same operations the same way
/// and neither carries metric code. Every member is forwarded, the defaults too: the stores override them (a local
/// put of a file is a rename, an S3 listing starts after a key) and the decorator must not fall back to the slow way.
/// </summary>
public sealed class InstrumentedBlobStore : IBlobStore
{
    private readonly IBlobStore _inner;

    public InstrumentedBlobStore(IBlobStore inner) => _inner = inner;

    public string SpoolDirectory => _inner.SpoolDirectory;

    public Task<BlobInfo?> HeadAsync(string key, CancellationToken cancellationToken) =>
        MeasureAsync("head", key, () => _inner.HeadAsync(key, cancellationToken));

    public Task<BlobContent?> OpenReadAsync(string key, long offset, long? length, CancellationToken cancellationToken) =>
        MeasureAsync("get", key, () => _inner.OpenReadAsync(key, offset, length, cancellationToken));

    public Task PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
        MeasureAsync("put", key, async () =>
        {
            await _inner.PutAsync(key, content, cancellationToken);
            return true;
        });

    public Task PutFileAsync(string key, string path, CancellationToken cancellationToken) =>
        MeasureAsync("put", key, async () =>
        {
            await _inner.PutFileAsync(key, path, cancellationToken);
            return true;
        });

    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken) =>
        MeasureAsync("delete", key, () => _inner.DeleteAsync(key, cancellationToken));

    public IAsyncEnumerable<BlobInfo> ListAsync(string prefix, CancellationToken cancellationToken) =>
        MeasureListAsync(prefix, _inner.ListAsync(prefix, cancellationToken), cancellationToken);

    public IAsyncEnumerable<BlobInfo> ListAfterAsync(string prefix, string startAfter, CancellationToken cancellationToken) =>
        MeasureListAsync(prefix, _inner.ListAfterAsync(prefix, startAfter, cancellationToken), cancellationToken);

    private static async Task<T> MeasureAsync<T>(string operation, string key, Func<Task<T>> run)
    {
        using var activity = StorageTracing.Source.StartActivity("storage " + operation, ActivityKind.Client);
        activity?.SetTag("aetherfs.storage.key", key);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await run();
            StorageMetrics.Record(operation, failed: false, Stopwatch.GetElapsedTime(started).TotalSeconds);
            return result;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            StorageMetrics.Record(operation, failed: true, Stopwatch.GetElapsedTime(started).TotalSeconds);
            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            throw;
        }
    }

    // A listing is measured from the first request to the last key (or the failure), as the caller waits for it. A
    // caller that stops early (it found what it wanted) saw no failure: that counts as ok.
    private static async IAsyncEnumerable<BlobInfo> MeasureListAsync(string prefix, IAsyncEnumerable<BlobInfo> listing, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var activity = StorageTracing.Source.StartActivity("storage list", ActivityKind.Client);
        activity?.SetTag("aetherfs.storage.prefix", prefix);
        var started = Stopwatch.GetTimestamp();
        var failed = false;
        try
        {
            await using var keys = listing.GetAsyncEnumerator(cancellationToken);
            while (true)
            {
                BlobInfo current;
                try
                {
                    if (!await keys.MoveNextAsync())
                    {
                        break;
                    }

                    current = keys.Current;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    failed = true;
                    activity?.SetStatus(ActivityStatusCode.Error, e.Message);
                    throw;
                }

                yield return current;
            }
        }
        finally
        {
            StorageMetrics.Record("list", failed, Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }
}
