using AetherFS.Storage.Encryption;

namespace AetherFS.Hub.Configuration;

/// <summary>Encryption at rest (<c>--encryption-key-file</c>, <c>--encryption-allow-plaintext</c>); see docs/security.md.</summary>
public sealed class HubEncryptionOptions
{
    /// <summary>The key file (<c>id:base64</c> lines, the first the current key); null: nothing is encrypted.</summary>
    public string? KeyFile { get; set; }

    /// <summary>Whether a hub with a key starts on a store that holds unencrypted data (migrating it).</summary>
    public bool AllowPlaintext { get; set; }

    /// <summary>The cipher the stores use; <see cref="ArgumentException"/> with one line when the key file does not load.</summary>
    public PayloadCipher CreateCipher() => KeyFile is null ? PayloadCipher.None : new PayloadCipher(EncryptionKeyring.Load(KeyFile));
}
