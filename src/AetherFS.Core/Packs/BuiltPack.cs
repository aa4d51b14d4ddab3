namespace AetherFS.Core.Packs;

/// <summary>
/// A finished pack in a spool file: its name (<see cref="Id"/>), its size and the chunks it holds. Packs are tens
/// of MiB, so they wait for their upload on disk (the page cache, mostly), not in memory. Disposing deletes the file
/// unless a store took it (<c>IBlobStore.PutFileAsync</c> moves or consumes it).
/// </summary>
public sealed class BuiltPack : IDisposable
{
    internal BuiltPack(string id, string path, long length, IReadOnlyList<PackChunk> chunks, IReadOnlyList<StoredDelta> deltas)
    {
        Deltas = deltas;
        Id = id;
        Path = path;
        Length = length;
        Chunks = chunks;
    }

    /// <summary>The hex SHA-256 of the pack's bytes.</summary>
    public string Id { get; }

    /// <summary>The spool file holding the pack.</summary>
    public string Path { get; }

    public long Length { get; }

    public IReadOnlyList<PackChunk> Chunks { get; }

    /// <summary>The chunks stored as deltas, with their bases (empty for packs of full payloads, as clients build).</summary>
    public IReadOnlyList<StoredDelta> Deltas { get; }

    /// <summary>Bytes of chunk payloads, without the pack's own headers and trailer.</summary>
    public long PayloadBytes => Chunks.Sum(c => (long)c.PayloadLength);

    public FileStream OpenRead() => new(Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1024 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);

    /// <summary>All the bytes, for tests and small packs.</summary>
    public byte[] ReadAllBytes() => File.ReadAllBytes(Path);

    public void Dispose() => File.Delete(Path);
}
