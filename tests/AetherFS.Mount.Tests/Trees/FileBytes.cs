namespace AetherFS.Mount.Tests.Trees;

/// <summary>A file's length and a function that writes its bytes at an offset.</summary>
internal sealed record FileBytes(long Length, FileBytes.Filler Fill)
{
    public delegate void Filler(long offset, Span<byte> destination);

    /// <summary>
    /// A large file that is mostly zeros: one mebibyte in three carries a pattern that differs at every offset, so a
    /// read served from the wrong place is caught.
    /// </summary>
    public static FileBytes SparsePattern(long length) => new(length, (offset, destination) =>
    {
        for (var i = 0; i < destination.Length; i++)
        {
            var position = offset + i;
            destination[i] = (position >> 20) % 3 == 0 ? (byte)((position * 2654435761L) >> 13) : (byte)0;
        }
    });

    public byte[] Read(long offset, int count)
    {
        var bytes = new byte[Math.Clamp(Length - offset, 0, count)];
        Fill(offset, bytes);
        return bytes;
    }
}
