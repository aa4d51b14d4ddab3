using AetherFS.Storage.Blobs;

namespace AetherFS.Storage.Tests;

/// <summary>A blob store that counts the reads it is asked for (each one a request on S3).</summary>
public sealed class CountingBlobStore(IBlobStore inner) : IBlobStore
{
    public int Reads { get; set; }

    public Task<BlobInfo?> HeadAsync(string key, CancellationToken cancellationToken) => inner.HeadAsync(key, cancellationToken);

    public Task<BlobContent?> OpenReadAsync(string key, long offset, long? length, CancellationToken cancellationToken)
    {
        Reads++;
        return inner.OpenReadAsync(key, offset, length, cancellationToken);
    }

    public Task PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) => inner.PutAsync(key, content, cancellationToken);

    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken) => inner.DeleteAsync(key, cancellationToken);

    public IAsyncEnumerable<BlobInfo> ListAsync(string prefix, CancellationToken cancellationToken) => inner.ListAsync(prefix, cancellationToken);
}
