namespace AetherFS.Core.Blocks;

/// <summary>Bytes that do not hash to the signature they were stored or sent under: corruption or tampering.</summary>
public sealed class DigestMismatchException : Exception
{
    public DigestMismatchException(string expected, string actual)
        : base($"block {expected} is corrupt: its bytes hash to {actual}")
    {
        Expected = expected;
        Actual = actual;
    }

    public string Expected { get; }

    public string Actual { get; }
}
