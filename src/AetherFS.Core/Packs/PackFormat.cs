using System.Buffers.Binary;
using AetherFS.Core.Blocks;
using AetherFS.Core.Manifests;

namespace AetherFS.Core.Packs;

/// <summary>
/// The layout of a pack object, the unit in which chunks are stored and uploaded:
/// <code>
/// header   16 B   magic "AFSP", version 1, 3 reserved zero bytes, chunk count (uint32 LE), 4 reserved zero bytes
/// records         per chunk: raw SHA-256 (32 B), payload length (uint32 LE), payload (BlockPayload: header + body)
/// trailer         per chunk: raw SHA-256 (32 B), payload offset, payload length, raw length (uint32 LE each)
/// footer   28 B   random nonce (16 B), chunk count (uint32 LE), magic "AFSP", version 1, 3 reserved zero bytes
/// </code>
/// Records carry their own headers, so a scan from the front rebuilds the index of a pack whose trailer is lost
/// (borg 2); the trailer lists the chunks in one ranged read from the end (restic). The nonce makes every pack's
/// SHA-256, its name, unique: a pack deleted by garbage collection is never confused with a later upload of the
/// same chunks (Xet's xorb nonce).
/// </summary>
public static class PackFormat
{
    public const int HeaderSize = 16;
    public const int RecordHeaderSize = 36;
    public const int TrailerEntrySize = 44;
    public const int FooterSize = 28;
    public const int NonceSize = 16;
    public const string MediaType = "application/vnd.aetherfs.pack";

    /// <summary>Chunks one pack may hold: 8,192, as Xet's xorbs (a 64 KiB average fills 512 MiB).</summary>
    public const int MaxChunks = 8192;

    /// <summary>
    /// The largest pack anyone may store: the target size, plus one chunk of the largest size that may overflow it,
    /// plus headers. Packs are cut near <see cref="TargetSize"/>; only a huge last chunk takes one past it.
    /// </summary>
    public const long MaxPackSize = (2L * ChunkingParameters.MaxBlockSize) + (MaxChunks * (long)(RecordHeaderSize + TrailerEntrySize + BlockPayload.HeaderSize)) + HeaderSize + FooterSize;

    /// <summary>
    /// The size packs are cut at: 32 MiB of stored (compressed) payloads. Measured in benchmarks/storage: a pack and
    /// its index segment are two requests, about 64 per GiB of incompressible data (39 for the .NET SDK tree), under the
    /// 100 aimed at; memory does not depend on it (packs wait in spool files). See docs/architecture.md, "Storage layout".
    /// </summary>
    public const int TargetSize = 32 * 1024 * 1024;

    private const byte Version = 1;

    public static ReadOnlySpan<byte> Magic => "AFSP"u8;

    /// <summary>The bytes a pack of chunks with these payload lengths occupies.</summary>
    public static long SizeOf(int chunks, long payloadBytes) =>
        HeaderSize + ((long)chunks * (RecordHeaderSize + TrailerEntrySize)) + payloadBytes + FooterSize;

    public static void WriteHeader(Span<byte> header, int count)
    {
        header[..HeaderSize].Clear();
        Magic.CopyTo(header);
        header[4] = Version;
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], (uint)count);
    }

    /// <summary>The chunk count a pack header declares; <see cref="InvalidDataException"/> for anything that is not one.</summary>
    public static int ReadHeader(ReadOnlySpan<byte> header)
    {
        if (header.Length < HeaderSize || !header[..4].SequenceEqual(Magic) || header[4] != Version || header[5] != 0 || header[6] != 0 || header[7] != 0 || BinaryPrimitives.ReadUInt32LittleEndian(header[12..]) != 0)
        {
            throw new InvalidDataException("not an AetherFS pack (bad header)");
        }

        var count = BinaryPrimitives.ReadUInt32LittleEndian(header[8..]);
        return count is >= 1 and <= MaxChunks
            ? (int)count
            : throw new InvalidDataException($"a pack holds 1 to {MaxChunks} chunks, not {count}");
    }

    public static void WriteRecordHeader(Span<byte> header, Sha256Key signature, int payloadLength)
    {
        signature.WriteTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[32..], (uint)payloadLength);
    }

    /// <summary>A record's signature and payload length, the length checked against the largest block payload.</summary>
    public static (Sha256Key Signature, int PayloadLength) ReadRecordHeader(ReadOnlySpan<byte> header)
    {
        var length = BinaryPrimitives.ReadUInt32LittleEndian(header[32..]);
        return length is > BlockPayload.HeaderSize and <= MaxPayloadLength
            ? (Sha256Key.Read(header), (int)length)
            : throw new InvalidDataException($"a pack record declares a {length}-byte payload");
    }

    /// <summary>The largest payload a chunk can have: the largest block, compressed or not, with its header.</summary>
    public const int MaxPayloadLength = BlockPayload.HeaderSize + ChunkingParameters.MaxBlockSize + (ChunkingParameters.MaxBlockSize / 128) + 1024;

    public static void WriteTrailerEntry(Span<byte> entry, Sha256Key signature, PackChunk chunk)
    {
        signature.WriteTo(entry);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[32..], checked((uint)chunk.Offset));
        BinaryPrimitives.WriteUInt32LittleEndian(entry[36..], (uint)chunk.PayloadLength);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[40..], (uint)chunk.RawLength);
    }

    public static PackChunk ReadTrailerEntry(ReadOnlySpan<byte> entry) => new(
        Sha256Key.Read(entry).ToString(),
        BinaryPrimitives.ReadUInt32LittleEndian(entry[32..]),
        (int)BinaryPrimitives.ReadUInt32LittleEndian(entry[36..]),
        (int)BinaryPrimitives.ReadUInt32LittleEndian(entry[40..]));

    public static void WriteFooter(Span<byte> footer, ReadOnlySpan<byte> nonce, int count)
    {
        nonce.CopyTo(footer);
        BinaryPrimitives.WriteUInt32LittleEndian(footer[16..], (uint)count);
        Magic.CopyTo(footer[20..]);
        footer[24] = Version;
        footer[25..28].Clear();
    }

    /// <summary>The chunk count a footer declares; <see cref="InvalidDataException"/> when it is not a footer.</summary>
    public static int ReadFooter(ReadOnlySpan<byte> footer)
    {
        if (footer.Length != FooterSize || !footer[20..24].SequenceEqual(Magic) || footer[24] != Version || footer[25] != 0 || footer[26] != 0 || footer[27] != 0)
        {
            throw new InvalidDataException("not an AetherFS pack (bad footer)");
        }

        return (int)BinaryPrimitives.ReadUInt32LittleEndian(footer[16..]);
    }

    /// <summary>A pack's name: the hex SHA-256 of all its bytes.</summary>
    public static bool IsValidId(string? id) => BlockSignature.IsValid(id);
}
