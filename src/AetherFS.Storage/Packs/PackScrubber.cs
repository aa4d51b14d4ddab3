using System.Buffers;
using AetherFS.Core.Blocks;
using AetherFS.Storage.Blobs;
using AetherFS.Storage.Encryption;

namespace AetherFS.Storage.Packs;

/// <summary>
/// Verifies a stored pack as its index segment lists it: one sequential read of the pack, every listed block decoded
/// and hashed against its signature, as <c>PackVerifier</c> checks an upload. Memory holds one block's payload. A
/// block that does not verify is reported and the check goes on; a pack that ends early reports every block it cuts.
/// </summary>
public static class PackScrubber
{
    private const int SkipBufferSize = 81920;

    /// <param name="pace">Called with each payload's length before it is read: where a rate limit waits.</param>
    /// <param name="cipher">Opens sealed records before they are hashed (a record that does not authenticate is corrupt).</param>
    /// <param name="checkDelta">Checks a record stored as a delta against its bases (a <see cref="DigestMismatchException"/> when it is damaged).</param>
    public static async Task<PackCheck> CheckAsync(IBlobStore blobs, SegmentPack pack, PayloadCipher cipher, Func<int, CancellationToken, ValueTask> pace, Func<string, ReadOnlyMemory<byte>, CancellationToken, Task> checkDelta, CancellationToken cancellationToken)
    {
        var bad = new List<(string, string)>();
        var chunks = pack.Chunks.OrderBy(c => c.Offset).ToList();
        if (chunks.Count == 0)
        {
            return new PackCheck(0, 0, bad, Gone: false);
        }

        BlobContent? content;
        try
        {
            content = await blobs.OpenReadAsync(PackKeys.Pack(pack.Id), chunks[0].Offset, null, cancellationToken);
        }
        catch (ArgumentOutOfRangeException)
        {
            return new PackCheck(0, chunks.Count, chunks.Select(c => (c.Signature, "its pack is shorter than its index says")).ToList(), Gone: false);
        }

        if (content is null)
        {
            return new PackCheck(0, 0, bad, Gone: true);
        }

        await using (content)
        {
            long bytes = 0;
            var position = chunks[0].Offset;
            foreach (var chunk in chunks)
            {
                await pace(chunk.PayloadLength, cancellationToken);
                var payload = ArrayPool<byte>.Shared.Rent(chunk.PayloadLength);
                try
                {
                    if (chunk.Offset < position || !await SkipAsync(content.Stream, chunk.Offset - position, cancellationToken)
                        || !await ReadAsync(content.Stream, payload.AsMemory(0, chunk.PayloadLength), cancellationToken))
                    {
                        bad.Add((chunk.Signature, "its stored bytes end early"));
                        position = long.MaxValue;
                        continue;
                    }

                    position = chunk.Offset + chunk.PayloadLength;
                    bytes += chunk.PayloadLength;
                    using var opened = cipher.Open(SealedObjectKind.Block, chunk.Signature, payload.AsSpan(0, chunk.PayloadLength));
                    if (BlockDelta.IsDelta(opened.Span))
                    {
                        await checkDelta(chunk.Signature, opened.Memory, cancellationToken);
                    }
                    else
                    {
                        BlockPayload.Verify(opened.Span, chunk.Signature, chunk.RawLength);
                    }
                }
                catch (DigestMismatchException e)
                {
                    bad.Add((chunk.Signature, e.Message));
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(payload);
                }
            }

            return new PackCheck(bytes, chunks.Count, bad, Gone: false);
        }
    }

    private static async Task<bool> SkipAsync(Stream stream, long count, CancellationToken cancellationToken)
    {
        if (count == 0)
        {
            return true;
        }

        var scratch = ArrayPool<byte>.Shared.Rent((int)Math.Min(count, SkipBufferSize));
        try
        {
            while (count > 0)
            {
                var read = await stream.ReadAsync(scratch.AsMemory(0, (int)Math.Min(count, scratch.Length)), cancellationToken);
                if (read == 0)
                {
                    return false;
                }

                count -= read;
            }

            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    private static async Task<bool> ReadAsync(Stream stream, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        try
        {
            await stream.ReadExactlyAsync(buffer, cancellationToken);
            return true;
        }
        catch (EndOfStreamException)
        {
            return false;
        }
    }
}
