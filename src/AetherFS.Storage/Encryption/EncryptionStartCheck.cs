using AetherFS.Core.Blocks;
using AetherFS.Storage.Blobs;
using AetherFS.Storage.Packs;

namespace AetherFS.Storage.Encryption;

/// <summary>
/// Run before a hub listens: samples the store (the first record of the newest listed pack, opened with the key it
/// names, and the header of one manifest) so that a missing key, a wrong key, or a store whose encryption does not
/// match the hub's settings stops the start with one <see cref="EncryptionKeyException"/> line, instead of failing
/// reads later. A sample, not a scan: data under other keys is still reported, as it is read, by the same exception.
/// </summary>
public static class EncryptionStartCheck
{
    // Segments holding only tombstones or quarantine records name no pack: look back through a few.
    private const int SegmentsTried = 16;
    private const int ManifestHeaderBytes = 64;

    /// <param name="allowPlaintext">Whether a hub that encrypts accepts a store holding unencrypted data (a migration).</param>
    public static async Task RunAsync(IBlobStore blobs, PayloadCipher cipher, bool allowPlaintext, CancellationToken cancellationToken)
    {
        if (await SamplePackAsync(blobs, cancellationToken) is { } record)
        {
            Judge(cipher, allowPlaintext, record.Bytes, $"pack {record.PackId}");
            if (PayloadCipher.IsSealed(record.Bytes))
            {
                try
                {
                    using var opened = cipher.Open(SealedObjectKind.Block, record.Signature, record.Bytes);
                }
                catch (DigestMismatchException)
                {
                    throw new EncryptionKeyException($"key '{PayloadCipher.KeyIdOf(record.Bytes)}' of the encryption key file does not open the store's data (pack {record.PackId}): it is not the key that sealed it");
                }
            }
        }

        if (await SampleManifestAsync(blobs, cancellationToken) is { } manifest)
        {
            Judge(cipher, allowPlaintext, manifest.Bytes, $"manifest {manifest.Key}");
        }
    }

    private static void Judge(PayloadCipher cipher, bool allowPlaintext, byte[] stored, string what)
    {
        if (PayloadCipher.IsSealed(stored))
        {
            var id = PayloadCipher.KeyIdOf(stored) ?? throw new EncryptionKeyException($"the store's {what} has a damaged encryption header");
            if (cipher.Keyring is null)
            {
                throw new EncryptionKeyException($"the store holds data encrypted with key '{id}' ({what}): start the hub with --encryption-key-file");
            }

            if (cipher.Keyring.Find(id) is null)
            {
                throw new EncryptionKeyException($"the store holds data encrypted with key '{id}' ({what}), which the encryption key file does not list");
            }
        }
        else if (cipher.Encrypts && !allowPlaintext)
        {
            throw new EncryptionKeyException($"the store holds unencrypted data ({what}): add --encryption-allow-plaintext to migrate it (new writes are encrypted, garbage collection encrypts what it rewrites)");
        }
    }

    private static async Task<(string PackId, string Signature, byte[] Bytes)?> SamplePackAsync(IBlobStore blobs, CancellationToken cancellationToken)
    {
        var newest = new Queue<string>();
        await foreach (var blob in blobs.ListAsync(PackKeys.SegmentPrefix, cancellationToken))
        {
            if (PackKeys.IsSegment(blob.Key))
            {
                newest.Enqueue(blob.Key);
                if (newest.Count > SegmentsTried)
                {
                    newest.Dequeue();
                }
            }
        }

        foreach (var key in newest.Reverse())
        {
            if (await ReadAsync(blobs, key, 0, null, cancellationToken) is not { } bytes)
            {
                continue;
            }

            IndexSegment segment;
            try
            {
                segment = IndexSegment.Decode(bytes);
            }
            catch (InvalidDataException)
            {
                continue;
            }

            foreach (var pack in segment.Packs.Reverse())
            {
                if (pack.Chunks.Count == 0)
                {
                    continue;
                }

                var chunk = pack.Chunks[0];
                if (await ReadAsync(blobs, PackKeys.Pack(pack.Id), chunk.Offset, chunk.PayloadLength, cancellationToken) is { } record)
                {
                    return (pack.Id, chunk.Signature, record);
                }
            }
        }

        return null;
    }

    private static async Task<(string Key, byte[] Bytes)?> SampleManifestAsync(IBlobStore blobs, CancellationToken cancellationToken)
    {
        await foreach (var blob in blobs.ListAsync("manifests/", cancellationToken))
        {
            if (await ReadAsync(blobs, blob.Key, 0, Math.Min(blob.Size, ManifestHeaderBytes), cancellationToken) is { } header)
            {
                return (blob.Key, header);
            }
        }

        return null;
    }

    // Null when the object went meanwhile (a collection) or is shorter than its index says: nothing to judge by.
    private static async Task<byte[]?> ReadAsync(IBlobStore blobs, string key, long offset, long? length, CancellationToken cancellationToken)
    {
        try
        {
            return await blobs.ReadAllBytesAsync(key, cancellationToken, offset, length);
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or EndOfStreamException)
        {
            return null;
        }
    }
}
