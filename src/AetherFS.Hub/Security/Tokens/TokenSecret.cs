using System.Security.Cryptography;
using System.Text;

namespace AetherFS.Hub.Security.Tokens;

/// <summary>API token secrets: <c>afs_</c> and 32 random bytes in base64url; the hub keeps only their SHA-256.</summary>
internal static class TokenSecret
{
    public const string Prefix = "afs_";

    public static string Generate() => Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>Whether a credential is meant as an API token (so a wrong one is refused as a token, not tried as a password).</summary>
    public static bool LooksLikeToken(string credential) => credential.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>The name its record is stored under: hashing needs no salt, since the secret is 256 random bits.</summary>
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
