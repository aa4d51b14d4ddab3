namespace AetherFS.Storage.Encryption;

/// <summary>
/// One AES-256 key of the hub's key file and the id stored beside every ciphertext it seals. The key bytes never
/// appear in <see cref="ToString"/>, so a key cannot reach a log line by accident.
/// </summary>
public sealed class EncryptionKey
{
    public const int KeySize = 32;
    public const int MaxIdLength = 32;

    public EncryptionKey(string id, byte[] key)
    {
        if (!IsValidId(id))
        {
            throw new ArgumentException($"key id '{id}' is not 1 to {MaxIdLength} of the characters A-Z a-z 0-9 . _ -");
        }

        if (key.Length != KeySize)
        {
            throw new ArgumentException($"key '{id}' is {key.Length} bytes, not {KeySize}");
        }

        Id = id;
        Key = key;
    }

    public string Id { get; }

    internal byte[] Key { get; }

    public static bool IsValidId(string id) =>
        id.Length is >= 1 and <= MaxIdLength && id.All(c => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '.' or '_' or '-');

    public override string ToString() => $"key {Id}";
}
