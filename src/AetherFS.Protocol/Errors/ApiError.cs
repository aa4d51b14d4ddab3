namespace AetherFS.Protocol.Errors;

/// <summary>
/// An expected failure as a value: what the application layer answers instead of a status code. Each interface
/// maps it once (REST to a problem document, gRPC to a status) through <see cref="ErrorKinds"/>.
/// </summary>
/// <param name="MissingBlocks">For <see cref="ErrorKind.MissingData"/> on a manifest: every block the hub lacks.</param>
public sealed record ApiError(ErrorKind Kind, string Message, IReadOnlyList<string>? MissingBlocks = null)
{
    public static ApiError Invalid(string message) => new(ErrorKind.InvalidArgument, message);

    public static ApiError NotFound(string message) => new(ErrorKind.NotFound, message);

    public static ApiError TooLarge(string message) => new(ErrorKind.TooLarge, message);

    public static ApiError Corrupt(string message) => new(ErrorKind.Corrupt, message);
}
