using System.Runtime.CompilerServices;
using System.Text.Json;
using AetherFS.Core.Blocks;
using AetherFS.Core.Datasets;
using AetherFS.Core.Manifests;
using AetherFS.Core.References;
using AetherFS.Storage.Blobs;
using AetherFS.Storage.Encryption;

namespace AetherFS.Storage.Datasets;

/// <summary>
/// Manifests (<c>manifests/{hex[0:2]}/{hex[2:]}</c>) and tags (<c>datasets/{name}/tags/{tag}</c>) on a blob store.
/// Datasets and tags are found by prefix scans: there is no other metadata to keep consistent. A manifest uploaded as
/// a delta against another is stored as a delta against it when that manifest is stored full and the delta is at most
/// <see cref="MaxStoredDeltaShare"/> of the full payload (<see cref="ManifestDelta"/>; one deep, as blocks): a new
/// version's manifest repeats most of the last one's, and was most of what a small update stored.
/// </summary>
public sealed class DatasetStore
{
    /// <summary>
    /// A manifest is stored as a delta when that is at most this share of its full payload. A manifest's decode is one
    /// per read of a whole version, so the bar is lower than a block's; below a quarter saved, a second object read
    /// per manifest read is not worth it.
    /// </summary>
    public const double MaxStoredDeltaShare = 0.75;

    private const string DatasetsPrefix = "datasets/";
    private const int ManifestCompressionLevel = 9;
    private const int MaxManifestBytes = 256 * 1024 * 1024;
    private const string TagsInfix = "/tags/";
    private readonly IBlobStore _blobs;
    private readonly PayloadCipher _cipher;

    /// <param name="cipher">Encryption at rest: seals every manifest stored, opens every one read.</param>
    public DatasetStore(IBlobStore blobs, PayloadCipher? cipher = null)
    {
        _blobs = blobs;
        _cipher = cipher ?? PayloadCipher.None;
    }

    public static string ManifestKey(string digest)
    {
        var hex = Digest.HexPart(digest);
        return $"manifests/{hex[..2]}/{hex[2..]}";
    }

    public static string TagKey(string name, string tag) => $"{DatasetsPrefix}{name}{TagsInfix}{tag}";

    public async Task<bool> HasManifestAsync(string digest, CancellationToken cancellationToken) =>
        await _blobs.HeadAsync(ManifestKey(digest), cancellationToken) is not null;

    /// <summary>The manifest's canonical bytes, verified against its digest; null when absent.</summary>
    public async Task<byte[]?> GetManifestAsync(string digest, CancellationToken cancellationToken) =>
        (await GetManifestWithBaseAsync(digest, cancellationToken)).Canonical;

    /// <summary>
    /// The manifest's canonical bytes, verified against its digest (null when absent), and the manifest it is stored
    /// as a delta against (null when stored full): garbage collection keeps that one while this one stays.
    /// </summary>
    public async Task<(byte[]? Canonical, string? Base)> GetManifestWithBaseAsync(string digest, CancellationToken cancellationToken) =>
        await ReadStoredAsync(digest, cancellationToken) is { } stored ? await DecodeStoredAsync(digest, stored, cancellationToken) : (null, null);

    // A manifest's stored bytes decoded to its canonical bytes, verified, with the manifest it is a delta against (null
    // when stored full), whose stored bytes are read for it.
    private async Task<(byte[] Canonical, string? Base)> DecodeStoredAsync(string digest, byte[] stored, CancellationToken cancellationToken)
    {
        if (!ManifestDelta.IsDelta(stored))
        {
            return (DecodeFull(digest, stored), null);
        }

        var (baseDigest, _) = ManifestDelta.BaseOf(stored, digest);
        var baseStored = await ReadStoredAsync(baseDigest, cancellationToken);
        if (baseStored is null || ManifestDelta.IsDelta(baseStored))
        {
            throw DigestMismatchException.Undecodable(Digest.HexPart(digest), $"it is stored as a delta against manifest {baseDigest}, which is {(baseStored is null ? "missing" : "a delta too")}");
        }

        return (ManifestDelta.Decode(stored, digest, baseDigest, DecodeFull(baseDigest, baseStored)), baseDigest);
    }

    // A manifest stored full: plain canonical JSON (verified as it was read), or a payload the block codec verifies
    // (a manifest's digest is the SHA-256 of its bytes, like a block's signature).
    private static byte[] DecodeFull(string digest, byte[] stored)
    {
        if (IsPlainJson(stored))
        {
            return stored;
        }

        using var manifest = BlockPayload.Decode(stored, Digest.HexPart(digest), maxRawLength: MaxManifestBytes);
        return manifest.Memory.ToArray();
    }

    /// <summary>
    /// The manifest as stored: a zstd-compressed payload (see <see cref="BlockPayload"/>), verified against its digest,
    /// for clients that decode it themselves; null when absent.
    /// </summary>
    public async Task<byte[]?> GetManifestPayloadAsync(string digest, CancellationToken cancellationToken)
    {
        var stored = await ReadStoredAsync(digest, cancellationToken);
        if (stored is null)
        {
            return null;
        }

        if (IsPlainJson(stored) || ManifestDelta.IsDelta(stored))
        {
            // Callers get full payloads (a delta means nothing to one without its base): encoded on each call, which
            // costs milliseconds beside the dataset that follows.
            var canonical = (await DecodeStoredAsync(digest, stored, cancellationToken)).Canonical;
            using var encoded = BlockPayload.Encode(canonical, ManifestCompressionLevel);
            return encoded.Memory.ToArray();
        }

        BlockPayload.Verify(stored, Digest.HexPart(digest), maxRawLength: MaxManifestBytes);
        return stored;
    }

    // Plain canonical JSON, as manifests were stored before they were compressed, is verified here; a payload by its decoder.
    private async Task<byte[]?> ReadStoredAsync(string digest, CancellationToken cancellationToken)
    {
        var stored = await _blobs.ReadAllBytesAsync(ManifestKey(digest), cancellationToken);
        if (stored is null)
        {
            return null;
        }

        if (PayloadCipher.IsSealed(stored))
        {
            // Opened before it is decoded and verified, so a manifest is checked against its digest either way.
            using var opened = _cipher.Open(SealedObjectKind.Manifest, Digest.HexPart(digest), stored);
            stored = opened.Memory.ToArray();
        }

        if (IsPlainJson(stored) && Digest.Compute(stored) is var actual && actual != digest)
        {
            throw new DigestMismatchException(digest, actual);
        }

        return stored;
    }

    private static bool IsPlainJson(byte[] stored) => stored.Length > 0 && stored[0] == (byte)'{';

    /// <summary>
    /// Stores a manifest compressed (JSON of hex signatures and paths shrinks several times), or as a delta against
    /// <paramref name="baseDigest"/> (the manifest it was uploaded as a delta against) when that one is stored full
    /// and the delta is small enough (<see cref="MaxStoredDeltaShare"/>). The caller has claimed the base, so a
    /// collection running meanwhile keeps it.
    /// </summary>
    public async Task PutManifestAsync(string digest, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken, string? baseDigest = null)
    {
        using var full = BlockPayload.Encode(bytes.Span, ManifestCompressionLevel);
        using var delta = baseDigest is null || baseDigest == digest ? null : await EncodeStoredDeltaAsync(bytes, baseDigest, full.Length, cancellationToken);
        await PutStoredAsync(digest, (delta ?? full).Memory, cancellationToken);

        // A collection that listed claims just before the base's was written may have deleted the base meanwhile.
        if (delta is not null && !await HasManifestAsync(baseDigest!, cancellationToken))
        {
            await PutStoredAsync(digest, full.Memory, cancellationToken);
        }
    }

    // The delta to store against a manifest stored full here; null when that one is a delta, missing, or no delta is small enough.
    private async Task<PooledBuffer?> EncodeStoredDeltaAsync(ReadOnlyMemory<byte> canonical, string baseDigest, int fullLength, CancellationToken cancellationToken)
    {
        var baseStored = await ReadStoredAsync(baseDigest, cancellationToken);
        return baseStored is null || ManifestDelta.IsDelta(baseStored)
            ? null
            : ManifestDelta.Encode(canonical.Span, baseDigest, DecodeFull(baseDigest, baseStored), (int)(fullLength * MaxStoredDeltaShare) + 1);
    }

    /// <summary>
    /// Stores a manifest kept as a delta in full, so its base can go (garbage collection, before it deletes a version
    /// another is stored against). Replaced atomically: readers see the delta, whose base is still there, or the full
    /// manifest. True when it was a delta.
    /// </summary>
    public async Task<bool> StoreFullAsync(string digest, CancellationToken cancellationToken)
    {
        var stored = await ReadStoredAsync(digest, cancellationToken);
        if (stored is null || !ManifestDelta.IsDelta(stored))
        {
            return false;
        }

        using var full = BlockPayload.Encode((await DecodeStoredAsync(digest, stored, cancellationToken)).Canonical, ManifestCompressionLevel);
        await PutStoredAsync(digest, full.Memory, cancellationToken);
        return true;
    }

    private async Task PutStoredAsync(string digest, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (!_cipher.Encrypts)
        {
            await _blobs.PutAsync(ManifestKey(digest), payload, cancellationToken);
            return;
        }

        using var sealedPayload = _cipher.Seal(SealedObjectKind.Manifest, Digest.HexPart(digest), payload.Span);
        await _blobs.PutAsync(ManifestKey(digest), sealedPayload.Memory, cancellationToken);
    }

    /// <summary>
    /// Stores a manifest again, sealed with the current key, when it is stored unencrypted or under an older key:
    /// garbage collection calls it for every manifest it keeps, so a rotation or a migration completes. The object is
    /// replaced atomically with the same content, so readers see the old bytes or the new, both valid. True when it did.
    /// </summary>
    public async Task<bool> ResealAsync(string digest, ReadOnlyMemory<byte> canonical, CancellationToken cancellationToken)
    {
        if (_cipher.Keyring is not { } keyring || await _blobs.HeadAsync(ManifestKey(digest), cancellationToken) is not { } info)
        {
            return false;
        }

        var header = new byte[Math.Min(info.Size, 64)];
        await using (var content = await _blobs.OpenReadAsync(ManifestKey(digest), 0, header.Length, cancellationToken))
        {
            if (content is null)
            {
                return false;
            }

            await content.Stream.ReadExactlyAsync(header, cancellationToken);
        }

        if (PayloadCipher.KeyIdOf(header) == keyring.Current.Id)
        {
            return false;
        }

        await PutManifestAsync(digest, canonical, cancellationToken);
        return true;
    }

    public async Task<TagRecord?> GetTagAsync(string name, string tag, CancellationToken cancellationToken)
    {
        await using var content = await _blobs.OpenReadAsync(TagKey(name, tag), 0, null, cancellationToken);
        return content is null ? null : await JsonSerializer.DeserializeAsync(content.Stream, CoreJsonContext.Default.TagRecord, cancellationToken);
    }

    public Task PutTagAsync(string name, string tag, TagRecord record, CancellationToken cancellationToken) =>
        _blobs.PutAsync(TagKey(name, tag), JsonSerializer.SerializeToUtf8Bytes(record, CoreJsonContext.Default.TagRecord), cancellationToken);

    public Task<bool> DeleteTagAsync(string name, string tag, CancellationToken cancellationToken) =>
        _blobs.DeleteAsync(TagKey(name, tag), cancellationToken);

    /// <summary>The tags of one dataset in ordinal order.</summary>
    public async IAsyncEnumerable<(string Tag, TagRecord Record)> ListTagsAsync(string name, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var prefix = DatasetsPrefix + name + TagsInfix;
        await foreach (var blob in _blobs.ListAsync(prefix, cancellationToken))
        {
            var tag = blob.Key[prefix.Length..];
            // Keys of a nested dataset (name/tags/x/...) share the prefix; a tag never holds a '/'.
            if (tag.Contains('/'))
            {
                continue;
            }

            var record = await GetTagAsync(name, tag, cancellationToken);
            if (record is not null)
            {
                yield return (tag, record);
            }
        }
    }

    /// <summary>The names of all datasets with at least one tag, in ordinal order, after <paramref name="after"/>.</summary>
    public async Task<IReadOnlyList<string>> ListDatasetsAsync(string? after, int limit, CancellationToken cancellationToken)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        await foreach (var blob in _blobs.ListAsync(DatasetsPrefix, cancellationToken))
        {
            var rest = blob.Key[DatasetsPrefix.Length..];
            var infix = rest.LastIndexOf(TagsInfix, StringComparison.Ordinal);
            if (infix > 0 && !rest[(infix + TagsInfix.Length)..].Contains('/'))
            {
                names.Add(rest[..infix]);
            }
        }

        return names.Where(n => after is null || string.CompareOrdinal(n, after) > 0).Take(limit).ToList();
    }
}
