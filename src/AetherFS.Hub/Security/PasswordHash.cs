using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AetherFS.Hub.Security;

/// <summary>
/// A password hash in a self-describing form, <c>pbkdf2-sha256$ITERATIONS$SALT$HASH</c> (salt and hash base64):
/// PBKDF2-HMAC-SHA256 from .NET's own cryptography, checked in constant time.
/// </summary>
public sealed class PasswordHash
{
    public const string Scheme = "pbkdf2-sha256";

    /// <summary>OWASP's 2023 figure for PBKDF2-HMAC-SHA256.</summary>
    public const int DefaultIterations = 600_000;

    /// <summary>Fewer iterations than this make a stolen configuration file cheap to crack: refused at load.</summary>
    public const int MinIterations = 100_000;

    private const int SaltSize = 16;
    private const int HashSize = 32;

    private readonly int _iterations;
    private readonly byte[] _salt;
    private readonly byte[] _hash;

    private PasswordHash(int iterations, byte[] salt, byte[] hash)
    {
        _iterations = iterations;
        _salt = salt;
        _hash = hash;
    }

    public static string Create(string password, int iterations = DefaultIterations)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltSize);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, HashSize);
        return string.Join('$', Scheme, iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    /// <summary>Null when the text is not a hash this hub can check (the caller names the user in its message).</summary>
    public static PasswordHash? Parse(string? text)
    {
        var parts = (text ?? string.Empty).Split('$');
        if (parts.Length != 4 || parts[0] != Scheme
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations < MinIterations)
        {
            return null;
        }

        try
        {
            var salt = Convert.FromBase64String(parts[2]);
            var hash = Convert.FromBase64String(parts[3]);
            return salt.Length >= SaltSize && hash.Length == HashSize ? new PasswordHash(iterations, salt, hash) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>Derives and compares in constant time, so how long it takes says nothing about how close the guess was.</summary>
    public bool Verify(string password)
    {
        var derived = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), _salt, _iterations, HashAlgorithmName.SHA256, HashSize);
        return CryptographicOperations.FixedTimeEquals(derived, _hash);
    }
}
