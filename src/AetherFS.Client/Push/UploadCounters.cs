namespace AetherFS.Client.Push;

/// <summary>Blocks a push uploaded and their bytes as sent (compressed), counted as packs complete on several tasks.</summary>
internal sealed class UploadCounters
{
    private int _blocks;
    private long _bytes;
    private int _deltaBlocks;
    private long _deltaBytes;

    public int Blocks => _blocks;

    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Of <see cref="Blocks"/>, those sent as deltas, and their bytes (part of <see cref="Bytes"/>).</summary>
    public int DeltaBlocks => _deltaBlocks;

    public long DeltaBytes => Interlocked.Read(ref _deltaBytes);

    public void Add(int blocks, long bytes, int deltaBlocks = 0, long deltaBytes = 0)
    {
        Interlocked.Add(ref _blocks, blocks);
        Interlocked.Add(ref _bytes, bytes);
        Interlocked.Add(ref _deltaBlocks, deltaBlocks);
        Interlocked.Add(ref _deltaBytes, deltaBytes);
    }
}
