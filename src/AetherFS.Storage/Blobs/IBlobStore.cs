namespace AetherFS.Storage.Blobs;

/// <summary>
/// The narrow key-value store everything persists through: local disk or S3. Keys are relative paths with '/'
/// separators. Writes are atomic: a reader sees the whole old value or the whole new one.
/// </summary>
public interface IBlobStore
{
    Task<BlobInfo?> HeadAsync(string key, CancellationToken cancellationToken);

    /// <summary>Opens <paramref name="length"/> bytes from <paramref name="offset"/> (all when null); null when absent.</summary>
    Task<BlobContent?> OpenReadAsync(string key, long offset, long? length, CancellationToken cancellationToken);

    Task PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);

    /// <summary>Deletes a key; false when it was not there.</summary>
    Task<bool> DeleteAsync(string key, CancellationToken cancellationToken);

    /// <summary>Every key starting with <paramref name="prefix"/>, in ordinal order.</summary>
    IAsyncEnumerable<BlobInfo> ListAsync(string prefix, CancellationToken cancellationToken);
}
