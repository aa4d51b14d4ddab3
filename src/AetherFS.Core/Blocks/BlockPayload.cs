using System.Buffers.Binary;
using AetherFS.Core.Manifests;

namespace AetherFS.Core.Blocks;

/// <summary>
/// The form in which blocks are stored and travel: a 12-byte header, then the body.
/// <code>
/// 0  4  magic "AFSB"
/// 4  1  format version (1)
/// 5  1  codec (0 raw, 1 zstd, 2 delta, 3 delta with bases by place: see BlockDelta)
/// 6  2  reserved, zero
/// 8  4  raw length, little-endian
/// </code>
/// The signature stays the SHA-256 of the raw bytes, so the same block compressed differently is still one block.
/// A body is stored raw whenever compression would not make it smaller.
/// </summary>
public static class BlockPayload
{
    public const int HeaderSize = 12;
    public const string MediaType = "application/vnd.aetherfs.block";
    private const byte Version = 1;
    private static ReadOnlySpan<byte> Magic => "AFSB"u8;

    /// <summary>Encodes raw block bytes; <paramref name="level"/> 0 stores them raw, 1..22 compresses with zstd.</summary>
    public static PooledBuffer Encode(ReadOnlySpan<byte> raw, int level)
    {
        var payload = new PooledBuffer(HeaderSize + (level > 0 ? Zstd.CompressBound(raw.Length) : raw.Length));
        var codec = BlockCodec.Raw;
        var bodyLength = raw.Length;
        if (level > 0)
        {
            var compressed = Zstd.Compress(raw, payload.Array.AsSpan(HeaderSize), level);
            if (compressed < raw.Length)
            {
                codec = BlockCodec.Zstd;
                bodyLength = compressed;
            }
        }

        if (codec == BlockCodec.Raw)
        {
            raw.CopyTo(payload.Array.AsSpan(HeaderSize));
        }

        WriteHeader(payload.Array, codec, raw.Length);
        payload.Length = HeaderSize + bodyLength;
        return payload;
    }

    /// <summary>Reads a payload's header: its codec and the raw length it declares.</summary>
    public static (BlockCodec Codec, int RawLength) ReadHeader(ReadOnlySpan<byte> payload, string signature, int maxRawLength = ChunkingParameters.MaxBlockSize)
    {
        if (payload.Length < HeaderSize || !payload[..4].SequenceEqual(Magic))
        {
            throw DigestMismatchException.Undecodable(signature, "it is not an AetherFS block (bad header)");
        }

        if (payload[4] != Version || payload[6] != 0 || payload[7] != 0)
        {
            throw DigestMismatchException.Undecodable(signature, $"unsupported block format version {payload[4]}");
        }

        var codec = (BlockCodec)payload[5];
        if (codec is not (BlockCodec.Raw or BlockCodec.Zstd or BlockCodec.Delta or BlockCodec.HeldDelta))
        {
            throw DigestMismatchException.Undecodable(signature, $"unknown codec {payload[5]}");
        }

        var rawLength = BinaryPrimitives.ReadUInt32LittleEndian(payload[8..12]);
        if (rawLength == 0 || rawLength > maxRawLength)
        {
            throw DigestMismatchException.Undecodable(signature, $"it declares {rawLength} raw bytes");
        }

        return (codec, (int)rawLength);
    }

    /// <summary>
    /// Decodes a payload and verifies the raw bytes against <paramref name="signature"/> (and their length against
    /// <paramref name="expectedSize"/> when given). Throws <see cref="DigestMismatchException"/> on any corruption.
    /// </summary>
    public static PooledBlock Decode(ReadOnlySpan<byte> payload, string signature, int? expectedSize = null, int maxRawLength = ChunkingParameters.MaxBlockSize)
    {
        var (codec, rawLength) = Open(payload, signature, expectedSize, maxRawLength);
        var body = payload[HeaderSize..];
        var block = codec == BlockCodec.Raw ? PooledBlock.Copy(body) : Decompress(body, rawLength, signature);
        try
        {
            block.Verify(signature);
            return block;
        }
        catch
        {
            block.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Checks a payload as <see cref="Decode"/> does without keeping the raw bytes: a raw body is hashed where it
    /// lies, so a store that passes payloads through pays for no copy.
    /// </summary>
    public static void Verify(ReadOnlySpan<byte> payload, string signature, int? expectedSize = null, int maxRawLength = ChunkingParameters.MaxBlockSize)
    {
        var (codec, rawLength) = Open(payload, signature, expectedSize, maxRawLength);
        var body = payload[HeaderSize..];
        if (codec == BlockCodec.Raw)
        {
            BlockSignature.Verify(signature, body);
            return;
        }

        using var block = Decompress(body, rawLength, signature);
        block.Verify(signature);
    }

    // The header, checked against the expected size and, for a raw body, against the body's length.
    private static (BlockCodec Codec, int RawLength) Open(ReadOnlySpan<byte> payload, string signature, int? expectedSize, int maxRawLength)
    {
        var (codec, rawLength) = ReadHeader(payload, signature, maxRawLength);
        if (expectedSize is { } size && size != rawLength)
        {
            throw DigestMismatchException.Undecodable(signature, $"it holds {rawLength} bytes, not {size}");
        }

        if (codec is BlockCodec.Delta or BlockCodec.HeldDelta)
        {
            // Only callers that hold the bases decode deltas (BlockDelta); everywhere else one is an error.
            throw DigestMismatchException.Undecodable(signature, "it is a delta against other blocks, which this reader does not have");
        }

        var body = payload[HeaderSize..];
        if (codec == BlockCodec.Raw && body.Length != rawLength)
        {
            throw DigestMismatchException.Undecodable(signature, $"its raw body is {body.Length} bytes, not {rawLength}");
        }

        return (codec, rawLength);
    }

    private static PooledBlock Decompress(ReadOnlySpan<byte> body, int rawLength, string signature)
    {
        if (Zstd.FrameContentSize(body) != rawLength)
        {
            throw DigestMismatchException.Undecodable(signature, "its compressed body does not declare the header's length");
        }

        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(rawLength);
        try
        {
            var written = Zstd.Decompress(body, buffer.AsSpan(0, rawLength));
            if (written != rawLength)
            {
                throw DigestMismatchException.Undecodable(signature, $"it decompresses to {written} bytes, not {rawLength}");
            }
        }
        catch (InvalidDataException e)
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            throw DigestMismatchException.Undecodable(signature, e.Message);
        }
        catch
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }

        return PooledBlock.Adopt(buffer, rawLength);
    }

    internal static void WriteHeader(Span<byte> header, BlockCodec codec, int rawLength)
    {
        Magic.CopyTo(header);
        header[4] = Version;
        header[5] = (byte)codec;
        header[6] = 0;
        header[7] = 0;
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..12], (uint)rawLength);
    }
}
