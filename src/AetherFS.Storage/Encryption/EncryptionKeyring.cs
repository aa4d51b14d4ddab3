namespace AetherFS.Storage.Encryption;

/// <summary>
/// The keys of <c>--encryption-key-file</c>: one <c>id:base64</c> line each (blank lines and <c>#</c> comments
/// ignored). The first is the current key, which seals every new write; the others stay to open what they sealed,
/// so a rotation is "add a line at the top" and an old key is dropped only once nothing uses it.
/// </summary>
public sealed class EncryptionKeyring
{
    private readonly Dictionary<string, EncryptionKey> _byId;

    public EncryptionKeyring(IReadOnlyList<EncryptionKey> keys)
    {
        if (keys.Count == 0)
        {
            throw new ArgumentException("an encryption keyring needs at least one key");
        }

        _byId = new Dictionary<string, EncryptionKey>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            if (!_byId.TryAdd(key.Id, key))
            {
                throw new ArgumentException($"key id '{key.Id}' appears twice");
            }
        }

        Keys = keys;
    }

    public IReadOnlyList<EncryptionKey> Keys { get; }

    /// <summary>The key new writes are sealed with: the first of the file.</summary>
    public EncryptionKey Current => Keys[0];

    public EncryptionKey? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>
    /// Reads a key file; <see cref="ArgumentException"/> with one line naming the file (and the line) when it cannot
    /// be read, a line is not <c>id:base64</c>, a key is not 32 bytes, an id repeats, or it lists no key. The message
    /// never holds key material.
    /// </summary>
    public static EncryptionKeyring Load(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new ArgumentException($"encryption key file '{path}' cannot be read: {e.Message}");
        }

        var keys = new List<EncryptionKey>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var where = $"encryption key file '{path}', line {i + 1}";
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new ArgumentException($"{where}: expected id:base64-key (32 bytes, e.g. from 'openssl rand -base64 32')");
            }

            var id = line[..colon];
            var bytes = new byte[64];
            if (!Convert.TryFromBase64String(line[(colon + 1)..], bytes, out var length))
            {
                throw new ArgumentException($"{where}: the key of '{id}' is not base64");
            }

            try
            {
                var key = new EncryptionKey(id, bytes[..length]);
                if (!ids.Add(id))
                {
                    throw new ArgumentException($"key id '{id}' appears twice");
                }

                keys.Add(key);
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"{where}: {e.Message}");
            }
        }

        return keys.Count > 0 ? new EncryptionKeyring(keys) : throw new ArgumentException($"encryption key file '{path}' lists no key");
    }
}
