using System.Security.Cryptography;
using AetherFS.Core.References;

namespace AetherFS.Core.Blocks;

/// <summary>Block signatures: the SHA-256 of a block's raw bytes as 64 lowercase hex characters.</summary>
public static class BlockSignature
{
    public static string Compute(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    public static bool IsValid(string? signature) => signature is not null && Hex.IsSha256(signature);

    /// <summary>Throws <see cref="DigestMismatchException"/> unless <paramref name="data"/> hashes to <paramref name="signature"/>.</summary>
    public static void Verify(string signature, ReadOnlySpan<byte> data)
    {
        var actual = Compute(data);
        if (!string.Equals(actual, signature, StringComparison.Ordinal))
        {
            throw new DigestMismatchException(signature, actual);
        }
    }
}
