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

    /// <summary>The keys starting with <paramref name="prefix"/> that sort after <paramref name="startAfter"/>, in ordinal order.</summary>
    IAsyncEnumerable<BlobInfo> ListAfterAsync(string prefix, string startAfter, CancellationToken cancellationToken) =>
        ListAsync(prefix, cancellationToken).Where(b => string.CompareOrdinal(b.Key, startAfter) > 0);

    /// <summary>Where to write a file that <see cref="PutFileAsync"/> will take (on the local store, beside the blobs, so it is renamed into place).</summary>
    string SpoolDirectory => Path.GetTempPath();

    /// <summary>
    /// Stores a file's bytes under <paramref name="key"/> without holding them in memory, atomically as
    /// <see cref="PutAsync"/>; the file is consumed (moved, or uploaded and deleted).
    /// </summary>
    async Task PutFileAsync(string key, string path, CancellationToken cancellationToken)
    {
        await PutAsync(key, await File.ReadAllBytesAsync(path, cancellationToken), cancellationToken);
        File.Delete(path);
    }
}
