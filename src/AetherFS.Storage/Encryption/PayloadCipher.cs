using System.Security.Cryptography;
using System.Text;
using AetherFS.Core.Blocks;

namespace AetherFS.Storage.Encryption;

/// <summary>
/// Encryption at rest of what the hub stores: each block payload (one pack record) and each manifest is sealed on
/// its own with AES-256-GCM, so a block is still read with one ranged read of its pack.
/// <code>
/// 0      4  magic "AFSE"
/// 4      1  format version (1)
/// 5      1  key id length n (1..32)
/// 6      2  reserved, zero
/// 8      n  key id (ASCII)
/// 8+n   12  nonce (random)
/// 20+n   .  ciphertext of the whole plaintext payload (its own AFSB header included: codec and length are hidden too)
/// end   16  GCM tag
/// </code>
/// The associated data is the kind of object, its identity (the block's signature or the manifest's digest, 32
/// bytes) and the header above, so a ciphertext moved to another block, or relabelled with another key id, fails to
/// open. Plaintext payloads (<c>AFSB</c>, stores written before encryption) pass through <see cref="Open"/>: they
/// are verified against their SHA-256 like every payload, and garbage collection seals them when it rewrites them.
/// </summary>
public sealed class PayloadCipher
{
    public const int NonceSize = 12;
    public const int TagSize = 16;
    private const int FixedHeaderSize = 8;
    private const byte Version = 1;

    /// <summary>No key: nothing is sealed; sealed data fails to open with an <see cref="EncryptionKeyException"/>.</summary>
    public static readonly PayloadCipher None = new(null);

    public PayloadCipher(EncryptionKeyring? keyring) => Keyring = keyring;

    public EncryptionKeyring? Keyring { get; }

    /// <summary>Whether new writes are sealed.</summary>
    public bool Encrypts => Keyring is not null;

    private static ReadOnlySpan<byte> Magic => "AFSE"u8;

    /// <summary>Whether stored bytes are a sealed object (rather than a plaintext payload).</summary>
    public static bool IsSealed(ReadOnlySpan<byte> stored) => stored.Length >= FixedHeaderSize && stored[..4].SequenceEqual(Magic);

    /// <summary>The id of the key that sealed <paramref name="stored"/>; null when it is not sealed or its header is damaged.</summary>
    public static string? KeyIdOf(ReadOnlySpan<byte> stored)
    {
        if (!IsSealed(stored) || stored[4] != Version || stored[5] is 0 or > EncryptionKey.MaxIdLength || stored.Length < FixedHeaderSize + stored[5])
        {
            return null;
        }

        var id = Encoding.ASCII.GetString(stored.Slice(FixedHeaderSize, stored[5]));
        return EncryptionKey.IsValidId(id) ? id : null;
    }

    /// <summary>The bytes sealing adds to a payload with the current key.</summary>
    public int Overhead => Keyring is null ? 0 : FixedHeaderSize + Keyring.Current.Id.Length + NonceSize + TagSize;

    /// <summary>Seals a payload with the current key; a copy of it when the hub does not encrypt.</summary>
    /// <param name="identity">The block's signature or the manifest digest's hex part.</param>
    public PooledBuffer Seal(SealedObjectKind kind, string identity, ReadOnlySpan<byte> payload)
    {
        var sealedBuffer = new PooledBuffer(payload.Length + Overhead) { Length = payload.Length + Overhead };
        if (Keyring is null)
        {
            payload.CopyTo(sealedBuffer.Span);
            return sealedBuffer;
        }

        var key = Keyring.Current;
        var output = sealedBuffer.Span;
        var headerLength = FixedHeaderSize + key.Id.Length;
        Magic.CopyTo(output);
        output[4] = Version;
        output[5] = (byte)key.Id.Length;
        output[6] = 0;
        output[7] = 0;
        Encoding.ASCII.GetBytes(key.Id, output[FixedHeaderSize..]);
        var nonce = output.Slice(headerLength, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        Span<byte> associated = stackalloc byte[1 + 32 + FixedHeaderSize + EncryptionKey.MaxIdLength];
        var associatedLength = AssociatedData(associated, kind, identity, output[..headerLength]);
        using var aes = new AesGcm(key.Key, TagSize);
        aes.Encrypt(nonce, payload, output.Slice(headerLength + NonceSize, payload.Length), output[^TagSize..], associated[..associatedLength]);
        return sealedBuffer;
    }

    /// <summary>
    /// The plaintext payload of stored bytes: <paramref name="stored"/> itself when it is not sealed, else a new
    /// buffer (and <paramref name="stored"/> is disposed). A ciphertext that does not authenticate is a
    /// <see cref="DigestMismatchException"/> (corrupt: never garbage); a key this hub lacks an <see cref="EncryptionKeyException"/>.
    /// </summary>
    public PooledBuffer Open(SealedObjectKind kind, string identity, PooledBuffer stored)
    {
        if (!IsSealed(stored.Span))
        {
            return stored;
        }

        try
        {
            return Open(kind, identity, stored.Span);
        }
        finally
        {
            stored.Dispose();
        }
    }

    /// <summary>The plaintext payload of stored bytes, always in a new buffer (see the other overload).</summary>
    public PooledBuffer Open(SealedObjectKind kind, string identity, ReadOnlySpan<byte> stored)
    {
        if (!IsSealed(stored))
        {
            var copy = new PooledBuffer(stored.Length) { Length = stored.Length };
            stored.CopyTo(copy.Span);
            return copy;
        }

        if (KeyIdOf(stored) is not { } id || stored.Length < FixedHeaderSize + id.Length + NonceSize + TagSize + 1)
        {
            throw DigestMismatchException.Undecodable(identity, "its encryption header is damaged");
        }

        var key = Keyring is null
            ? throw new EncryptionKeyException($"{kind.ToString().ToLowerInvariant()} {identity} is encrypted with key '{id}', but the hub has no --encryption-key-file")
            : Keyring.Find(id) ?? throw new EncryptionKeyException($"{kind.ToString().ToLowerInvariant()} {identity} is encrypted with key '{id}', which the encryption key file does not list");
        var headerLength = FixedHeaderSize + id.Length;
        var nonce = stored.Slice(headerLength, NonceSize);
        var ciphertext = stored[(headerLength + NonceSize)..^TagSize];
        Span<byte> associated = stackalloc byte[1 + 32 + FixedHeaderSize + EncryptionKey.MaxIdLength];
        var associatedLength = AssociatedData(associated, kind, identity, stored[..headerLength]);
        var plain = new PooledBuffer(ciphertext.Length) { Length = ciphertext.Length };
        try
        {
            using var aes = new AesGcm(key.Key, TagSize);
            aes.Decrypt(nonce, ciphertext, stored[^TagSize..], plain.Span, associated[..associatedLength]);
            return plain;
        }
        catch (AuthenticationTagMismatchException)
        {
            plain.Dispose();
            throw DigestMismatchException.Undecodable(identity, $"its ciphertext does not authenticate with key '{id}' (damaged, or moved from another object)");
        }
        catch
        {
            plain.Dispose();
            throw;
        }
    }

    private static int AssociatedData(Span<byte> associated, SealedObjectKind kind, string identity, ReadOnlySpan<byte> header)
    {
        associated[0] = (byte)kind;
        if (Convert.FromHexString(identity, associated.Slice(1, 32), out _, out var written) != System.Buffers.OperationStatus.Done || written != 32)
        {
            throw new ArgumentException($"'{identity}' is not a SHA-256 in hex", nameof(identity));
        }

        header.CopyTo(associated[33..]);
        return 33 + header.Length;
    }
}
