namespace AetherFS.Storage.Encryption;

/// <summary>
/// Stored data needs a key the hub does not have (an id its key file does not list, or no key file at all), or the
/// store's encryption does not match the hub's settings. Not corruption: the bytes may be fine, so nothing is
/// quarantined; the operator fixes the key file. The message is one line and holds no key material.
/// </summary>
public sealed class EncryptionKeyException : Exception
{
    public EncryptionKeyException()
    {
    }

    public EncryptionKeyException(string message)
        : base(message)
    {
    }

    public EncryptionKeyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
