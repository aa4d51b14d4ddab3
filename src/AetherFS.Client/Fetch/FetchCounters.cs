namespace AetherFS.Client.Fetch;

/// <summary>Where the blocks of one assembly came from, counted as they arrive from several threads.</summary>
public sealed class FetchCounters
{
    private int _downloaded;
    private int _fromCache;
    private int _fromLocalFiles;
    private long _bytesDownloaded;
    private long _bytesFromCache;
    private int _deltas;
    private long _bytesDelta;
    private int _deltaFallbacks;
    private int _fromPeers;
    private long _bytesFromPeers;

    public int Downloaded => _downloaded;

    /// <summary>Compressed bytes that came from the hub.</summary>
    public long BytesDownloaded => Interlocked.Read(ref _bytesDownloaded);

    public int FromCache => _fromCache;

    /// <summary>Bytes (as stored, uncompressed) of the blocks that came from the cache.</summary>
    public long BytesFromCache => Interlocked.Read(ref _bytesFromCache);

    public int FromLocalFiles => _fromLocalFiles;

    /// <summary>Blocks another agent served (verified here), not counted in <see cref="Downloaded"/>.</summary>
    public int FromPeers => _fromPeers;

    /// <summary>Compressed bytes of the blocks that came from peers.</summary>
    public long BytesFromPeers => Interlocked.Read(ref _bytesFromPeers);

    /// <summary>Blocks (of <see cref="Downloaded"/>) that came from the hub as deltas against blocks held here.</summary>
    public int Deltas => _deltas;

    /// <summary>Payload bytes (of <see cref="BytesDownloaded"/>) received as deltas.</summary>
    public long BytesDelta => Interlocked.Read(ref _bytesDelta);

    /// <summary>
    /// Deltas this client could not use (a base not at hand, or a delta that did not decode or verify), whose blocks
    /// were fetched again full; the delta bytes still count in <see cref="BytesDownloaded"/>.
    /// </summary>
    public int DeltaFallbacks => _deltaFallbacks;

    /// <summary>Blocks that did not travel: from the cache or from the version already on disk.</summary>
    public int Reused => _fromCache + _fromLocalFiles;

    public void AddDownloaded(long bytes)
    {
        Interlocked.Increment(ref _downloaded);
        Interlocked.Add(ref _bytesDownloaded, bytes);
    }

    /// <summary>A block that came as a delta of <paramref name="bytes"/> and was decoded.</summary>
    public void AddDelta(long bytes)
    {
        AddDownloaded(bytes);
        Interlocked.Increment(ref _deltas);
        Interlocked.Add(ref _bytesDelta, bytes);
    }

    /// <summary>A delta of <paramref name="bytes"/> received but not used: its block is fetched again, full.</summary>
    public void AddDeltaFallback(long bytes)
    {
        Interlocked.Increment(ref _deltaFallbacks);
        Interlocked.Add(ref _bytesDownloaded, bytes);
    }

    public void AddFromCache(long bytes)
    {
        Interlocked.Increment(ref _fromCache);
        Interlocked.Add(ref _bytesFromCache, bytes);
    }

    public void AddFromLocalFiles() => Interlocked.Increment(ref _fromLocalFiles);

    public void AddFromPeer(long bytes)
    {
        Interlocked.Increment(ref _fromPeers);
        Interlocked.Add(ref _bytesFromPeers, bytes);
    }

    /// <summary>Adds what one fetch counted on its own (so that fetch can tell whether it went to the hub).</summary>
    public void Add(FetchCounters other)
    {
        Interlocked.Add(ref _downloaded, other.Downloaded);
        Interlocked.Add(ref _bytesDownloaded, other.BytesDownloaded);
        Interlocked.Add(ref _fromCache, other.FromCache);
        Interlocked.Add(ref _bytesFromCache, other.BytesFromCache);
        Interlocked.Add(ref _fromLocalFiles, other.FromLocalFiles);
        Interlocked.Add(ref _deltas, other.Deltas);
        Interlocked.Add(ref _bytesDelta, other.BytesDelta);
        Interlocked.Add(ref _deltaFallbacks, other.DeltaFallbacks);
        Interlocked.Add(ref _fromPeers, other.FromPeers);
        Interlocked.Add(ref _bytesFromPeers, other.BytesFromPeers);
    }
}
