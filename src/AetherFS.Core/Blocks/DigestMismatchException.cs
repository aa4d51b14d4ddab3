namespace AetherFS.Core.Blocks;

/// <summary>
/// Bytes that do not match the signature they were stored or sent under: corruption or tampering. An encoded
/// block that cannot even be decoded is the same failure and carries the same type.
/// </summary>
public sealed class DigestMismatchException : Exception
{
    public DigestMismatchException(string expected, string actual)
        : this(expected, actual, $"block {expected} is corrupt: its bytes hash to {actual}")
    {
    }

    private DigestMismatchException(string expected, string actual, string message)
        : base(message)
    {
        Expected = expected;
        Actual = actual;
    }

    public string Expected { get; }

    public string Actual { get; }

    /// <summary>A block whose encoded form is malformed: bad header, bad compressed data, wrong length.</summary>
    public static DigestMismatchException Undecodable(string signature, string reason) =>
        new(signature, "(undecodable)", $"block {signature} is corrupt: {reason}");
}
