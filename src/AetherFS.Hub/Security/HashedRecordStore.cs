using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using AetherFS.Storage.Blobs;

namespace AetherFS.Hub.Security;

/// <summary>
/// Records named by the SHA-256 of a secret (API tokens, UI sessions), kept as JSON objects <c>PREFIX&lt;hash&gt;</c>
/// in the hub's store so every hub sharing it sees them. What a hub read (including that there is nothing) is cached
/// for at most <c>cacheFor</c>: a record deleted through one hub is gone from every hub within that bound.
/// </summary>
internal sealed class HashedRecordStore<T>
    where T : class
{
    private const int MaxCached = 10_000;
    private const int MaxRecordBytes = 64 * 1024;

    private readonly IBlobStore _blobs;
    private readonly TimeProvider _time;
    private readonly string _prefix;
    private readonly JsonTypeInfo<T> _type;
    private readonly TimeSpan _cacheFor;
    private readonly ConcurrentDictionary<string, (T? Record, DateTimeOffset Until)> _cache = new(StringComparer.Ordinal);

    public HashedRecordStore(IBlobStore blobs, TimeProvider time, string prefix, JsonTypeInfo<T> type, TimeSpan cacheFor)
    {
        _blobs = blobs;
        _time = time;
        _prefix = prefix;
        _type = type;
        _cacheFor = cacheFor;
    }

    public async Task PutAsync(string hash, T record, CancellationToken cancellationToken)
    {
        await _blobs.PutAsync(_prefix + hash, JsonSerializer.SerializeToUtf8Bytes(record, _type), cancellationToken);
        _cache[hash] = (record, _time.GetUtcNow() + _cacheFor);
    }

    /// <summary>The record of a hash, read from the store at most once per bound; null when there is none.</summary>
    public async Task<T?> FindAsync(string hash, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (_cache.TryGetValue(hash, out var cached) && cached.Until > now)
        {
            return cached.Record;
        }

        var record = await ReadAsync(_prefix + hash, cancellationToken);
        if (_cache.Count > MaxCached)
        {
            // Unknown secrets are cached too (so guessing does not hammer the store); a flood of them just starts over.
            _cache.Clear();
        }

        _cache[hash] = (record, now + _cacheFor);
        return record;
    }

    public async Task DeleteAsync(string hash, CancellationToken cancellationToken)
    {
        await _blobs.DeleteAsync(_prefix + hash, cancellationToken);
        _cache[hash] = (null, _time.GetUtcNow() + _cacheFor);
    }

    /// <summary>Every record with its hash, read from the store (uncached).</summary>
    public async IAsyncEnumerable<(string Hash, T Record)> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var blob in _blobs.ListAsync(_prefix, cancellationToken))
        {
            if (await ReadAsync(blob.Key, cancellationToken) is { } record)
            {
                yield return (blob.Key[_prefix.Length..], record);
            }
        }
    }

    /// <summary>Deletes the records written before <paramref name="cutoff"/>, by the store's dates alone (none is read).</summary>
    public async Task DeleteWrittenBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await foreach (var blob in _blobs.ListAsync(_prefix, cancellationToken))
        {
            if (new DateTimeOffset(blob.LastModified, TimeSpan.Zero) < cutoff)
            {
                await _blobs.DeleteAsync(blob.Key, cancellationToken);
                _cache.TryRemove(blob.Key[_prefix.Length..], out _);
            }
        }
    }

    private async Task<T?> ReadAsync(string key, CancellationToken cancellationToken)
    {
        await using var content = await _blobs.OpenReadAsync(key, 0, null, cancellationToken);
        if (content is null)
        {
            return null;
        }

        if (content.Length > MaxRecordBytes)
        {
            throw new InvalidDataException($"record {key} is larger than {MaxRecordBytes} bytes");
        }

        return await JsonSerializer.DeserializeAsync(content.Stream, _type, cancellationToken);
    }
}
