using System.Security.Cryptography;
using AetherFS.Core.Blocks;
using AetherFS.Storage.Encryption;

namespace AetherFS.Storage.Tests.Encryption;

public sealed class PayloadCipherTests
{
    private static readonly EncryptionKey K1 = new("k1", SHA256.HashData("one"u8));
    private static readonly EncryptionKey K2 = new("k2", SHA256.HashData("two"u8));
    private readonly byte[] _raw = RandomNumberGenerator.GetBytes(10_000);

    [Fact]
    public void Seal_HidesThePayload_AndOpenGivesItBack_UnderAnyListedKey()
    {
        var signature = BlockSignature.Compute(_raw);
        using var payload = BlockPayload.Encode(_raw, level: 0);
        var old = new PayloadCipher(new EncryptionKeyring([K1]));
        using var sealedByOld = old.Seal(SealedObjectKind.Block, signature, payload.Span);

        Assert.True(PayloadCipher.IsSealed(sealedByOld.Span));
        Assert.Equal("k1", PayloadCipher.KeyIdOf(sealedByOld.Span));
        Assert.Equal(-1, sealedByOld.Span.IndexOf(_raw.AsSpan(0, 32)));
        Assert.ThrowsAny<DigestMismatchException>(() => BlockPayload.Decode(sealedByOld.Span, signature).Dispose());

        // After a rotation the old key still opens what it sealed; new seals use the new key.
        var rotated = new PayloadCipher(new EncryptionKeyring([K2, K1]));
        using var opened = rotated.Open(SealedObjectKind.Block, signature, sealedByOld.Span);
        using var block = BlockPayload.Decode(opened.Span, signature);
        Assert.Equal(_raw, block.Memory.ToArray());
        using var sealedByNew = rotated.Seal(SealedObjectKind.Block, signature, payload.Span);
        Assert.Equal("k2", PayloadCipher.KeyIdOf(sealedByNew.Span));
    }

    [Fact]
    public void Open_RefusesATamperedOrMovedCiphertext_AsCorrupt()
    {
        var cipher = new PayloadCipher(new EncryptionKeyring([K1]));
        var signature = BlockSignature.Compute(_raw);
        using var payload = BlockPayload.Encode(_raw, level: 0);
        var stored = cipher.Seal(SealedObjectKind.Block, signature, payload.Span).Memory.ToArray();

        var flipped = stored.ToArray();
        flipped[100] ^= 0x01;
        Assert.Throws<DigestMismatchException>(() => cipher.Open(SealedObjectKind.Block, signature, flipped));

        // The same bytes offered as another block, or as a manifest of the same digest, do not open.
        var other = BlockSignature.Compute("other"u8);
        Assert.Throws<DigestMismatchException>(() => cipher.Open(SealedObjectKind.Block, other, stored));
        Assert.Throws<DigestMismatchException>(() => cipher.Open(SealedObjectKind.Manifest, signature, stored));
    }

    [Fact]
    public void Open_OfAKeyThatIsNotListed_IsAKeyError_NotCorruption_AndPlaintextPassesThrough()
    {
        var signature = BlockSignature.Compute(_raw);
        using var payload = BlockPayload.Encode(_raw, level: 0);
        using var sealedByK1 = new PayloadCipher(new EncryptionKeyring([K1])).Seal(SealedObjectKind.Block, signature, payload.Span);

        var unlisted = Assert.Throws<EncryptionKeyException>(() => new PayloadCipher(new EncryptionKeyring([K2])).Open(SealedObjectKind.Block, signature, sealedByK1.Span));
        var keyless = Assert.Throws<EncryptionKeyException>(() => PayloadCipher.None.Open(SealedObjectKind.Block, signature, sealedByK1.Span));
        using var plain = new PayloadCipher(new EncryptionKeyring([K1])).Open(SealedObjectKind.Block, signature, payload.Span);

        Assert.Contains("key 'k1'", unlisted.Message, StringComparison.Ordinal);
        Assert.Contains("--encryption-key-file", keyless.Message, StringComparison.Ordinal);
        Assert.Equal(payload.Memory.ToArray(), plain.Memory.ToArray());
    }
}
