using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace AetherFS.Hub.Security.Sessions;

/// <summary>Session secrets: 32 random bytes in base64url, the cookie's value; the hub keeps only their SHA-256.</summary>
internal static class SessionSecret
{
    private const int Length = 43; // 32 bytes in unpadded base64url

    public static string Generate() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>Whether a cookie value could be a secret this hub made (anything else is not looked up).</summary>
    public static bool IsWellFormed(string value) => value.Length == Length && Base64Url.IsValid(value);

    /// <summary>The name its record is stored under: no salt is needed, since the secret is 256 random bits.</summary>
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
