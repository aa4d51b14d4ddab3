namespace AetherFS.Hub.Security;

/// <summary>The kinds of question a request puts to <see cref="AccessCheck"/>.</summary>
internal enum AccessKind
{
    /// <summary>Anyone, credentials or not (<c>/healthz</c>, UI assets).</summary>
    Open,

    /// <summary>Any caller whose credentials (if sent) are right; the surface filters or checks further itself.</summary>
    Caller,

    /// <summary>A signed-in caller (the API documentation, gRPC reflection).</summary>
    SignedIn,

    /// <summary>The action on the named dataset.</summary>
    Dataset,

    /// <summary>The action on some dataset: uploads, and asking which blocks are missing.</summary>
    Anywhere,

    /// <summary>The whole hub: gc, verify, retention policies.</summary>
    Admin,

    /// <summary>A block, readable by a caller who may read a dataset whose tagged versions use it.</summary>
    Block,

    /// <summary>Whether a block exists: for pushers anywhere, or readers of a dataset using it.</summary>
    BlockExists,

    /// <summary>A manifest by digest, readable by a caller who may read a dataset with a tag pointing at it.</summary>
    Manifest,
}
