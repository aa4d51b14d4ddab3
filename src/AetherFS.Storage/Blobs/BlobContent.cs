namespace AetherFS.Storage.Blobs;

/// <summary>An open read of a blob (or a range of it): <see cref="Length"/> bytes from <see cref="Stream"/>.</summary>
public sealed class BlobContent : IAsyncDisposable, IDisposable
{
    public BlobContent(Stream stream, long length, long totalSize)
    {
        Stream = stream;
        Length = length;
        TotalSize = totalSize;
    }

    public Stream Stream { get; }

    public long Length { get; }

    /// <summary>The size of the whole blob, which a range read needs for Content-Range.</summary>
    public long TotalSize { get; }

    public ValueTask DisposeAsync() => Stream.DisposeAsync();

    public void Dispose() => Stream.Dispose();
}
