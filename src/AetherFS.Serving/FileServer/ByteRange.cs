namespace AetherFS.Serving.FileServer;

/// <summary>A non-empty run of bytes of a file: <see cref="Length"/> bytes from <see cref="Start"/>.</summary>
internal readonly record struct ByteRange(long Start, long Length)
{
    /// <summary>The last byte's offset, as Content-Range writes it.</summary>
    public long End => Start + Length - 1;

    /// <summary>The Content-Range value of this range of a <paramref name="size"/>-byte file.</summary>
    public string ContentRange(long size) => $"bytes {Start}-{End}/{size}";
}
