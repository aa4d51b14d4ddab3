namespace AetherFS.Serving.FileServer;

/// <summary>How to answer a GET or HEAD for a file's bytes.</summary>
internal enum RangePlanKind
{
    /// <summary>200 with the whole file: no Range, or one to ignore.</summary>
    Full,

    /// <summary>206 with one range, or multipart/byteranges with several.</summary>
    Partial,

    /// <summary>416 with <c>Content-Range: bytes */size</c>.</summary>
    Unsatisfiable,
}
