using AetherFS.Protocol.Errors;

namespace AetherFS.Cli.Infrastructure;

/// <summary>The process exit codes, one per kind of outcome a script may want to tell apart.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int InvalidInput = 2;
    public const int NotFound = 3;
    public const int HubUnavailable = 4;
    public const int Corrupt = 5;

    /// <summary>The hub's storage is full: nothing was stored; a garbage collection (<c>aetherfs gc</c>) frees room.</summary>
    public const int HubStorageFull = 6;

    /// <summary>The hub wants credentials, or refused the ones sent (401): <c>aetherfs auth login HUB</c>.</summary>
    public const int Unauthenticated = 7;

    /// <summary>The hub knows the caller but does not allow what was asked (403).</summary>
    public const int PermissionDenied = 8;

    /// <summary>FUSE cannot be used here (no /dev/fuse, no fusermount3, another libfuse) or the kernel refused the mount.</summary>
    public const int CannotMount = 9;

    /// <summary>The exit code of a failure the hub reported, by its kind: the one place kinds become exit codes.</summary>
    public static int For(ErrorKind kind) => kind switch
    {
        ErrorKind.NotFound => NotFound,
        ErrorKind.Corrupt => Corrupt,
        ErrorKind.StorageFull => HubStorageFull,
        ErrorKind.InvalidArgument or ErrorKind.MissingData or ErrorKind.AlreadyExists or ErrorKind.PreconditionFailed
            or ErrorKind.TooLarge or ErrorKind.OutOfRange or ErrorKind.UnsupportedMediaType or ErrorKind.QuotaExceeded => InvalidInput,
        _ => Failure,
    };
}
