using AetherFS.Core.Blocks;
using AetherFS.Core.Manifests;
using AetherFS.Hub.GarbageCollection;
using AetherFS.Protocol.Errors;
using AetherFS.Storage.Blobs;
using AetherFS.Storage.Claims;
using AetherFS.Storage.Encryption;

namespace AetherFS.Hub.Application;

/// <summary>
/// The exceptions that mean an expected failure rather than a bug, as errors: the REST middleware and the gRPC
/// interceptor both ask here, so a corrupt block or a storage outage reads the same on every interface.
/// </summary>
internal static class ExceptionErrors
{
    /// <summary>What clients are told when a write found no room (the operator's log line names the path).</summary>
    public static ApiError StorageFull { get; } = new(ErrorKind.StorageFull, "storage is full");

    /// <summary>The error an exception stands for; null for a bug (answered as an internal error and logged).</summary>
    public static ApiError? From(Exception exception) => exception switch
    {
        ManifestFormatException format => ApiError.Invalid(format.Message),
        DigestMismatchException corrupt => ApiError.Corrupt(corrupt.Message),
        BlobStoreException unavailable => new ApiError(ErrorKind.Unavailable, unavailable.Message),
        EncryptionKeyException missingKey => new ApiError(ErrorKind.Unavailable, missingKey.Message),
        _ when StorageFullException.IsStorageFull(exception) => StorageFull,
        ClaimLimitException limit => new ApiError(ErrorKind.QuotaExceeded, limit.Message),
        GcAbortedException aborted => new ApiError(ErrorKind.GcAborted, aborted.Message),
        _ => null,
    };
}
