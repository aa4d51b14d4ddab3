using AetherFS.Core.Blocks;
using AetherFS.Core.Manifests;

namespace AetherFS.Client.Fetch;

/// <summary>
/// Reads a stream of block records as the hub's batch fetch and a peer's batch endpoint send them (each as in a pack:
/// SHA-256, payload length, payload). A record for a block not asked for, or longer than its block could need, is
/// refused before its payload is read; a body cut inside a record is a transfer cut short.
/// </summary>
public sealed class BlockRecordReader(Stream body, string sender)
{
    private readonly byte[] _header = new byte[Core.Packs.PackFormat.RecordHeaderSize];

    /// <summary>
    /// The next record's block and payload (the caller disposes it), or null when the body ended cleanly between two
    /// records. <paramref name="take"/> names the block a signature stands for and forgets it (null: not asked for);
    /// <paramref name="extraHeader"/> is what a delta may add to a payload.
    /// </summary>
    public async Task<(BlockRef Block, PooledBuffer Payload)?> NextAsync(Func<string, BlockRef?> take, int extraHeader, CancellationToken cancellationToken)
    {
        var first = await body.ReadAtLeastAsync(_header, _header.Length, throwOnEndOfStream: false, cancellationToken);
        if (first == 0)
        {
            return null;
        }

        if (first < _header.Length)
        {
            throw CutShort(null);
        }

        var (key, length) = Core.Packs.PackFormat.ReadRecordHeader(_header);
        var signature = key.ToString();
        if (take(signature) is not { } block)
        {
            throw DigestMismatchException.Undecodable(signature, $"{sender} sent a block that was not asked for");
        }

        if (length > BlockPayload.HeaderSize + extraHeader + Zstd.CompressBound(block.Size))
        {
            throw DigestMismatchException.Undecodable(signature, $"{sender} sent {length} bytes for a {block.Size}-byte block");
        }

        var payload = new PooledBuffer(length) { Length = length };
        try
        {
            await body.ReadExactlyAsync(payload.Memory, cancellationToken);
            return (block, payload);
        }
        catch (EndOfStreamException e)
        {
            payload.Dispose();
            throw CutShort(e);
        }
        catch
        {
            payload.Dispose();
            throw;
        }
    }

    // Retried like a reset connection by the hub client, for the blocks still missing.
    private HttpIOException CutShort(Exception? inner) => new(HttpRequestError.ResponseEnded, $"{sender} ended the response inside a block record", inner);
}
