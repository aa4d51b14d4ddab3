using System.Security.Cryptography;

namespace AetherFS.Core.References;

/// <summary>Manifest digests: "sha256:" followed by 64 lowercase hex characters.</summary>
public static class Digest
{
    public const string Prefix = "sha256:";

    public static string Compute(ReadOnlySpan<byte> bytes) => Prefix + Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static bool IsValid(string? digest) =>
        digest is not null
        && digest.StartsWith(Prefix, StringComparison.Ordinal)
        && Hex.IsSha256(digest.AsSpan(Prefix.Length));

    /// <summary>The 64 hex characters after the "sha256:" prefix.</summary>
    public static string HexPart(string digest) => digest[Prefix.Length..];
}
