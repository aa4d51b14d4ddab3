using System.Security.Cryptography;
using System.Text;

namespace AetherFS.Hub.Usage;

/// <summary>
/// Turns a client's identity (a principal's name, else its address) into a keyed hash, so usage objects never hold
/// an IP address or a user name: an unkeyed hash of an IPv4 address is reversed by trying all 2^32. The key lives in
/// the store (<see cref="UsageStore.ClientKeyKey"/>), shared by every hub on it so their clients add up as one set.
/// </summary>
internal sealed class ClientHasher
{
    private const int KeySize = 32;

    // 64 bits: distinct clients are counted, not identified; collisions stay negligible below billions of clients.
    private const int HashBytes = 8;

    // Until the store's key is read, a per-process one: usage recorded in that moment still holds no raw identity.
    private volatile byte[] _key = RandomNumberGenerator.GetBytes(KeySize);

    public static byte[] NewKey() => RandomNumberGenerator.GetBytes(KeySize);

    public static bool IsValidKey(ReadOnlySpan<byte> key) => key.Length == KeySize;

    public void UseKey(byte[] key) => _key = IsValidKey(key) ? key : throw new ArgumentException("a usage client key is 32 bytes", nameof(key));

    public string Hash(string identity)
    {
        Span<byte> input = stackalloc byte[Encoding.UTF8.GetMaxByteCount(Math.Min(identity.Length, 256))];
        var length = Encoding.UTF8.GetBytes(identity.AsSpan(0, Math.Min(identity.Length, 256)), input);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, input[..length], mac);
        return Convert.ToHexStringLower(mac[..HashBytes]);
    }
}
