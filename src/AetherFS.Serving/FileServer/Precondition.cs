namespace AetherFS.Serving.FileServer;

/// <summary>What the conditional headers of a GET or HEAD ask for.</summary>
internal enum Precondition
{
    /// <summary>Send the representation (200 or 206).</summary>
    Proceed,

    /// <summary>304: the client's copy is current.</summary>
    NotModified,

    /// <summary>412: If-Match or If-Unmodified-Since failed.</summary>
    Failed,
}
