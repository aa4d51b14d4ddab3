using AetherFS.Core.Blocks;
using AetherFS.Core.References;

namespace AetherFS.Core.Manifests;

/// <summary>
/// A manifest sent as a delta against another manifest the receiver holds: a <see cref="BlockDelta"/> payload with
/// one base, that manifest (signature the hex of its digest, size its canonical length, prefix its canonical bytes).
/// A manifest's digest is the SHA-256 of its canonical bytes as a block's signature is of its raw bytes, so decoding
/// verifies the manifest exactly as a block. A new version's manifest repeats most of the last one's, so the delta is
/// a few per cent of the full payload (docs/chunking.md, "Deltas").
/// </summary>
public static class ManifestDelta
{
    /// <summary>
    /// zstd level of manifest deltas: manifests are small beside their datasets and cross the wire at every version,
    /// so bytes matter more than the few milliseconds a higher level costs (encoded once per pair on the hub, cached).
    /// </summary>
    public const int Level = 12;

    /// <summary>
    /// <paramref name="manifest"/> as a delta against <paramref name="baseBytes"/> (the canonical bytes of
    /// <paramref name="baseDigest"/>); null when not shorter than <paramref name="limit"/>, or either is too large.
    /// </summary>
    public static PooledBuffer? Encode(ReadOnlySpan<byte> manifest, string baseDigest, ReadOnlySpan<byte> baseBytes, int limit) =>
        baseBytes.IsEmpty ? null : BlockDelta.Encode(manifest, [new DeltaBase(Digest.HexPart(baseDigest), baseBytes.Length)], baseBytes, Level, limit);

    /// <summary>True when <paramref name="payload"/> is a delta rather than a full payload.</summary>
    public static bool IsDelta(ReadOnlySpan<byte> payload) => BlockDelta.IsDelta(payload);

    /// <summary>
    /// The manifest a delta for <paramref name="digest"/> is decoded against, with its canonical length; throws
    /// <see cref="DigestMismatchException"/> when the payload is malformed or names other than one base.
    /// </summary>
    public static (string Digest, int Size) BaseOf(ReadOnlySpan<byte> payload, string digest)
    {
        var bases = BlockDelta.ReadBases(payload, Digest.HexPart(digest));
        return bases.Length == 1
            ? (Digest.Prefix + bases[0].Signature, bases[0].Size)
            : throw DigestMismatchException.Undecodable(Digest.HexPart(digest), $"a manifest delta names one base, not {bases.Length}");
    }

    /// <summary>
    /// The canonical bytes of <paramref name="digest"/> decoded from a delta against <paramref name="baseDigest"/>,
    /// whose canonical bytes are <paramref name="baseBytes"/>: verified to hash to <paramref name="digest"/>, and never
    /// larger than <see cref="BlockDelta.MaxRawBytes"/>. Throws <see cref="DigestMismatchException"/> when the delta
    /// names another base, does not decode or decodes to other bytes.
    /// </summary>
    public static byte[] Decode(ReadOnlySpan<byte> payload, string digest, string baseDigest, ReadOnlySpan<byte> baseBytes)
    {
        var named = BaseOf(payload, digest);
        if (named.Digest != baseDigest || named.Size != baseBytes.Length)
        {
            throw DigestMismatchException.Undecodable(Digest.HexPart(digest), $"its delta is against manifest {named.Digest} ({named.Size} bytes), not {baseDigest} ({baseBytes.Length} bytes)");
        }

        using var manifest = BlockDelta.Decode(payload, Digest.HexPart(digest), baseBytes);
        return manifest.Memory.ToArray();
    }
}
