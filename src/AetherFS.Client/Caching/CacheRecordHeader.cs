using System.Buffers.Binary;
using AetherFS.Core.Blocks;
using AetherFS.Core.Manifests;

namespace AetherFS.Client.Caching;

/// <summary>
/// What precedes each payload in a cache segment, so that a scan can find every block by reading headers alone
/// (it seeks past the payloads) and a read can tell that the bytes it found are the record it was looking for.
/// <code>
/// 0   4  magic "AFCR"
/// 4  32  signature, the raw SHA-256 of the block
/// 36  4  payload length, little-endian
/// </code>
/// The payload follows exactly as the cache was given it (a <see cref="BlockPayload"/>). There is no checksum of
/// the header: a header damaged into another plausible one frames bytes that fail verification on read, like any
/// damaged payload.
/// </summary>
internal readonly record struct CacheRecordHeader(string Signature, int PayloadLength)
{
    public const int Size = 40;

    private const int SignatureOffset = 4;
    private const int SignatureLength = 32;
    private const int LengthOffset = SignatureOffset + SignatureLength;

    /// <summary>No block payload is longer: the largest block compressed at its worst, plus its header.</summary>
    public static readonly int MaxPayloadLength = BlockPayload.HeaderSize + Zstd.CompressBound(ChunkingParameters.MaxBlockSize);

    private static ReadOnlySpan<byte> Magic => "AFCR"u8;

    /// <summary>The header and the payload.</summary>
    public int RecordLength => Size + PayloadLength;

    /// <summary>The header of a record about to be written; throws when it could never be read back.</summary>
    public static CacheRecordHeader For(string signature, int payloadLength)
    {
        if (!BlockSignature.IsValid(signature))
        {
            throw new ArgumentException($"'{signature}' is not a block signature (64 lowercase hex digits)", nameof(signature));
        }

        if (payloadLength < BlockPayload.HeaderSize || payloadLength > MaxPayloadLength)
        {
            throw new ArgumentOutOfRangeException(nameof(payloadLength), payloadLength, "no block payload has this length");
        }

        return new CacheRecordHeader(signature, payloadLength);
    }

    /// <summary>
    /// The header at the start of <paramref name="source"/>; false for anything that is not one (wrong magic, a length
    /// no payload has), which is where a scan stops trusting the rest of the segment.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out CacheRecordHeader header)
    {
        header = default;
        if (source.Length < Size || !source[..Magic.Length].SequenceEqual(Magic))
        {
            return false;
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(source[LengthOffset..Size]);
        if (length < BlockPayload.HeaderSize || length > MaxPayloadLength)
        {
            return false;
        }

        header = new CacheRecordHeader(Convert.ToHexStringLower(source.Slice(SignatureOffset, SignatureLength)), length);
        return true;
    }

    public byte[] ToArray()
    {
        var header = new byte[Size];
        Magic.CopyTo(header);
        Convert.FromHexString(Signature, header.AsSpan(SignatureOffset, SignatureLength), out _, out _);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(LengthOffset, 4), PayloadLength);
        return header;
    }
}
