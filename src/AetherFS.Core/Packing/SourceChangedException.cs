namespace AetherFS.Core.Packing;

/// <summary>A file changed while it was read (its size, mtime, ctime or inode differ from the scan's): its bytes may be a mix.</summary>
public sealed class SourceChangedException : Exception
{
    public SourceChangedException(string path)
        : base($"'{path}' changed as it was read")
    {
        Path = path;
    }

    public string Path { get; }
}
