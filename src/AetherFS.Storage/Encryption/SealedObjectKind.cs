namespace AetherFS.Storage.Encryption;

/// <summary>What a sealed object is, bound into its associated data: a block's ciphertext never opens as a manifest.</summary>
public enum SealedObjectKind : byte
{
    Block = (byte)'B',
    Manifest = (byte)'M',
}
