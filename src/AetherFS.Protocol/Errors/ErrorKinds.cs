using Grpc.Core;

namespace AetherFS.Protocol.Errors;

/// <summary>
/// The one table between <see cref="ErrorKind"/> and the wire: the HTTP status and problem title of REST, the status
/// code of gRPC. The hub writes through it, clients read back through it.
/// </summary>
public static class ErrorKinds
{
    private static readonly Entry[] Table =
    [
        new(ErrorKind.InvalidArgument, 400, "Bad request", StatusCode.InvalidArgument),
        new(ErrorKind.NotFound, 404, "Not found", StatusCode.NotFound),
        new(ErrorKind.MissingData, 409, "Conflict", StatusCode.FailedPrecondition),
        new(ErrorKind.AlreadyExists, 412, "Tag exists", StatusCode.AlreadyExists),
        new(ErrorKind.PreconditionFailed, 412, "Precondition failed", StatusCode.FailedPrecondition),
        new(ErrorKind.TooLarge, 413, "Payload too large", StatusCode.ResourceExhausted),
        new(ErrorKind.UnsupportedMediaType, 415, "Unsupported media type", StatusCode.InvalidArgument),
        new(ErrorKind.QuotaExceeded, 429, "Quota exceeded", StatusCode.ResourceExhausted),
        new(ErrorKind.OutOfRange, 416, "Range not satisfiable", StatusCode.OutOfRange),
        new(ErrorKind.Corrupt, 500, "Stored data is corrupt", StatusCode.DataLoss),
        new(ErrorKind.GcAborted, 500, "Garbage collection aborted", StatusCode.Aborted),
        new(ErrorKind.Unavailable, 503, "Storage unavailable", StatusCode.Unavailable),
        new(ErrorKind.StorageFull, 507, "Insufficient storage", StatusCode.ResourceExhausted),
        new(ErrorKind.Internal, 500, "Internal error", StatusCode.Internal),
    ];

    public static int HttpStatus(ErrorKind kind) => Find(kind).HttpStatus;

    public static string Title(ErrorKind kind) => Find(kind).Title;

    public static StatusCode GrpcStatus(ErrorKind kind) => Find(kind).GrpcStatus;

    /// <summary>The kind of a REST failure: by title where the hub wrote one, else by status.</summary>
    public static ErrorKind FromHttp(int status, string? title) =>
        Table.FirstOrDefault(e => e.HttpStatus == status && e.Title == title)?.Kind
        ?? Table.FirstOrDefault(e => e.HttpStatus == status)?.Kind
        ?? (status is >= 400 and < 500 ? ErrorKind.InvalidArgument : ErrorKind.Internal);

    private static Entry Find(ErrorKind kind) => Table.First(e => e.Kind == kind);

    private sealed record Entry(ErrorKind Kind, int HttpStatus, string Title, StatusCode GrpcStatus);
}
