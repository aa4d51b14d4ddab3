namespace AetherFS.Client.Push;

/// <summary>Blocks a push uploaded and their bytes as sent (compressed), counted as packs complete on several tasks.</summary>
internal sealed class UploadCounters
{
    private int _blocks;
    private long _bytes;

    public int Blocks => _blocks;

    public long Bytes => Interlocked.Read(ref _bytes);

    public void Add(int blocks, long bytes)
    {
        Interlocked.Add(ref _blocks, blocks);
        Interlocked.Add(ref _bytes, bytes);
    }
}
