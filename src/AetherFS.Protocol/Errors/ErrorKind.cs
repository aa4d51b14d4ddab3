namespace AetherFS.Protocol.Errors;

/// <summary>
/// The kinds of failure the hub reports, whatever the interface: REST answers each with one HTTP status and problem
/// title, gRPC with one status code (<see cref="ErrorKinds"/>), and clients read them back into the same kind.
/// </summary>
public enum ErrorKind
{
    /// <summary>A bug or an unexpected failure; the hub's log has the details.</summary>
    Internal,

    /// <summary>Malformed input: a name, tag, digest, signature, page size, body or manifest the hub refuses.</summary>
    InvalidArgument,

    /// <summary>No such dataset, tag, manifest or block.</summary>
    NotFound,

    /// <summary>What the request relies on is not on the hub: blocks a manifest names, the manifest a tag names.</summary>
    MissingData,

    /// <summary>A create-only tag already points at another version.</summary>
    AlreadyExists,

    /// <summary>A conditional request (<c>If-Match</c>, <c>If-Unmodified-Since</c>) whose condition does not hold.</summary>
    PreconditionFailed,

    /// <summary>A body, message or block over the hub's limits.</summary>
    TooLarge,

    /// <summary>Bytes asked for outside a block or file.</summary>
    OutOfRange,

    /// <summary>A REST body in a media type the endpoint does not read.</summary>
    UnsupportedMediaType,

    /// <summary>The hub's own copy of a block or manifest failed verification.</summary>
    Corrupt,

    /// <summary>The hub's storage cannot be reached.</summary>
    Unavailable,

    /// <summary>A caller is over a per-push limit (what one push may claim): nothing more is done for it.</summary>
    QuotaExceeded,

    /// <summary>The hub's storage has no room left (a full disk, a used-up quota): nothing was stored.</summary>
    StorageFull,

    /// <summary>A garbage collection stopped before deleting anything, because something it must read did not read.</summary>
    GcAborted,
}
