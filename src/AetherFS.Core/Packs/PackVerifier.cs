using System.Buffers;
using System.Security.Cryptography;
using AetherFS.Core.Blocks;

namespace AetherFS.Core.Packs;

/// <summary>
/// Reads a pack as a stream, front to back, verifying everything before anyone relies on it: the header, every
/// chunk (decoded and hashed against its signature), the trailer against the records, the footer, and the end of
/// the stream. Bytes are copied to <c>copyTo</c> as they pass (a spool file), so memory holds one chunk, whatever the
/// pack's size. Structural damage is an <see cref="InvalidDataException"/>, a bad chunk a
/// <see cref="DigestMismatchException"/>. A chunk sent as a delta (<see cref="BlockDelta"/>) verifies only through a
/// caller that holds its bases: it decodes and verifies the block, and <c>onChunk</c> sees the block's full payload.
/// </summary>
public static class PackVerifier
{
    /// <summary>The zstd level a chunk that came as a delta is stored at, as a push stores blocks by default.</summary>
    public const int FullPayloadLevel = 3;

    public static Task<VerifiedPack> VerifyAsync(Stream input, Stream? copyTo, long maxSize, CancellationToken cancellationToken) =>
        VerifyAsync(input, copyTo, maxSize, onChunk: null, decodeDelta: null, cancellationToken);

    /// <param name="onChunk">Called with each chunk once it verified (its payload valid only during the call): where
    /// the hub seals chunks into the pack it stores instead of copying the upload as it is.</param>
    /// <param name="decodeDelta">Decodes a delta chunk against its bases, verified (a <see cref="DigestMismatchException"/>
    /// otherwise): <c>onChunk</c> gets the block's full payload in its place. Null refuses every delta as a block
    /// this reader cannot decode.</param>
    /// <param name="onDecodedDelta">Called, instead of <c>onChunk</c>, with each delta chunk once it decoded and
    /// verified: its delta payload and its raw bytes (a store that keeps deltas decides there how to keep it).</param>
    public static async Task<VerifiedPack> VerifyAsync(Stream input, Stream? copyTo, long maxSize, Action<PackChunk, ReadOnlyMemory<byte>>? onChunk, Func<string, ReadOnlyMemory<byte>, CancellationToken, Task<PooledBlock>>? decodeDelta, CancellationToken cancellationToken, Func<PackChunk, ReadOnlyMemory<byte>, PooledBlock, Task>? onDecodedDelta = null)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var reader = new Reader(input, copyTo, hash, maxSize);
        var header = new byte[PackFormat.HeaderSize];
        await reader.ReadAsync(header, cancellationToken);
        var count = PackFormat.ReadHeader(header);

        var chunks = new List<PackChunk>(count);
        var keys = new List<Sha256Key>(count);
        var recordHeader = new byte[PackFormat.RecordHeaderSize];
        for (var i = 0; i < count; i++)
        {
            await reader.ReadAsync(recordHeader, cancellationToken);
            var (key, length) = PackFormat.ReadRecordHeader(recordHeader);
            var offset = reader.Position;
            var payload = ArrayPool<byte>.Shared.Rent(length);
            try
            {
                await reader.ReadAsync(payload.AsMemory(0, length), cancellationToken);
                var signature = key.ToString();
                var (codec, rawLength) = BlockPayload.ReadHeader(payload.AsSpan(0, length), signature);
                var chunk = new PackChunk(signature, offset, length, rawLength);
                if (codec == BlockCodec.Delta && decodeDelta is not null)
                {
                    // Decoded here, one record at a time, so memory holds one block and its bases whatever the pack.
                    using var raw = await decodeDelta(signature, payload.AsMemory(0, length), cancellationToken);
                    if (onDecodedDelta is not null)
                    {
                        await onDecodedDelta(chunk, payload.AsMemory(0, length), raw);
                    }
                    else if (onChunk is not null)
                    {
                        using var full = BlockPayload.Encode(raw.Memory.Span, FullPayloadLevel);
                        onChunk(chunk, full.Memory);
                    }
                }
                else
                {
                    BlockPayload.Verify(payload.AsSpan(0, length), signature);
                    onChunk?.Invoke(chunk, payload.AsMemory(0, length));
                }

                chunks.Add(chunk);
                keys.Add(key);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(payload);
            }
        }

        var entry = new byte[PackFormat.TrailerEntrySize];
        for (var i = 0; i < count; i++)
        {
            await reader.ReadAsync(entry, cancellationToken);
            if (Sha256Key.Read(entry) != keys[i] || PackFormat.ReadTrailerEntry(entry) != chunks[i])
            {
                throw new InvalidDataException($"the pack's trailer does not match its record {i}");
            }
        }

        var footer = new byte[PackFormat.FooterSize];
        await reader.ReadAsync(footer, cancellationToken);
        if (PackFormat.ReadFooter(footer) != count)
        {
            throw new InvalidDataException("the pack's footer and header disagree on its chunk count");
        }

        if (await input.ReadAsync(new byte[1], cancellationToken) != 0)
        {
            throw new InvalidDataException("bytes follow the pack's footer");
        }

        return new VerifiedPack(Convert.ToHexStringLower(hash.GetHashAndReset()), reader.Position, chunks);
    }

    private sealed class Reader(Stream input, Stream? copyTo, IncrementalHash hash, long maxSize)
    {
        public long Position { get; private set; }

        public async Task ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
        {
            if (Position + buffer.Length > maxSize)
            {
                throw new InvalidDataException($"the pack is larger than the limit of {maxSize} bytes");
            }

            try
            {
                await input.ReadExactlyAsync(buffer, cancellationToken);
            }
            catch (EndOfStreamException)
            {
                throw new InvalidDataException($"the pack ends early, at byte {Position}");
            }

            hash.AppendData(buffer.Span);
            if (copyTo is not null)
            {
                await copyTo.WriteAsync(buffer, cancellationToken);
            }

            Position += buffer.Length;
        }
    }
}
