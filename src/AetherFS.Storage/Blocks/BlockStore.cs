using AetherFS.Core.Blocks;
using AetherFS.Core.Manifests;
using AetherFS.Storage.Blobs;

namespace AetherFS.Storage.Blocks;

/// <summary>
/// Content-addressed blocks on a blob store, under <c>blocks/{sig[0:2]}/{sig[2:]}</c>, each kept as a
/// <see cref="BlockPayload"/> (header, then raw or zstd body). Every block is decoded and verified against its
/// signature when it is written and again whenever it is read.
/// </summary>
public sealed class BlockStore
{
    private const int ExistenceParallelism = 16;
    private const int MaxPayloadSize = ChunkingParameters.MaxBlockSize + BlockPayload.HeaderSize;
    private readonly IBlobStore _blobs;

    public BlockStore(IBlobStore blobs) => _blobs = blobs;

    public static string KeyOf(string signature) => $"blocks/{signature[..2]}/{signature[2..]}";

    /// <summary>The raw size a stored block declares in its header; null when absent.</summary>
    public async Task<int?> SizeAsync(string signature, CancellationToken cancellationToken)
    {
        var info = await _blobs.HeadAsync(KeyOf(signature), cancellationToken);
        if (info is null)
        {
            return null;
        }

        if (info.Size < BlockPayload.HeaderSize)
        {
            throw DigestMismatchException.Undecodable(signature, "it is shorter than a block header");
        }

        await using var content = await _blobs.OpenReadAsync(KeyOf(signature), 0, BlockPayload.HeaderSize, cancellationToken);
        if (content is null)
        {
            return null;
        }

        var header = new byte[BlockPayload.HeaderSize];
        await content.Stream.ReadExactlyAsync(header, cancellationToken);
        return BlockPayload.ReadHeader(header, signature).RawLength;
    }

    /// <summary>
    /// The signatures among <paramref name="signatures"/> this store lacks, in the order given. An object too short to
    /// hold a block header counts as missing, so the next upload repairs it: a server without atomic PUTs (s3rver)
    /// keeps the empty object a writer killed mid-request left behind.
    /// </summary>
    public async Task<IReadOnlyList<string>> FindMissingAsync(IReadOnlyList<string> signatures, CancellationToken cancellationToken)
    {
        var present = new bool[signatures.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, signatures.Count),
            new ParallelOptions { MaxDegreeOfParallelism = ExistenceParallelism, CancellationToken = cancellationToken },
            async (i, ct) => present[i] = await _blobs.HeadAsync(KeyOf(signatures[i]), ct) is { Size: >= BlockPayload.HeaderSize });
        return signatures.Where((_, i) => !present[i]).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>A block's raw bytes, decoded and verified; null when absent; <see cref="DigestMismatchException"/> when corrupt.</summary>
    public async Task<PooledBlock?> ReadAsync(string signature, CancellationToken cancellationToken)
    {
        using var payload = await ReadStoredAsync(signature, cancellationToken);
        return payload is null ? null : BlockPayload.Decode(payload.Span, signature);
    }

    /// <summary>A block's encoded payload, as stored, after decoding it once to verify it; null when absent.</summary>
    public async Task<PooledBuffer?> ReadPayloadAsync(string signature, CancellationToken cancellationToken)
    {
        var payload = await ReadStoredAsync(signature, cancellationToken);
        if (payload is null)
        {
            return null;
        }

        try
        {
            BlockPayload.Verify(payload.Span, signature);
            return payload;
        }
        catch
        {
            payload.Dispose();
            throw;
        }
    }

    /// <summary>Stores an encoded payload after decoding and verifying it; a block already present is kept.</summary>
    public async Task<bool> PutAsync(string signature, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        BlockPayload.Verify(payload.Span, signature);
        return await PutVerifiedAsync(signature, payload, cancellationToken);
    }

    /// <summary>Stores raw bytes (as a raw-codec payload) after checking they hash to <paramref name="signature"/>.</summary>
    public async Task<bool> PutRawAsync(string signature, ReadOnlyMemory<byte> raw, CancellationToken cancellationToken)
    {
        BlockSignature.Verify(signature, raw.Span);
        using var payload = BlockPayload.Encode(raw.Span, level: 0);
        return await PutVerifiedAsync(signature, payload.Memory, cancellationToken);
    }

    /// <summary>
    /// Stores a payload the caller has just decoded and verified itself. A block already present is kept, unless
    /// its stored copy no longer verifies: then this upload repairs it.
    /// </summary>
    public async Task<bool> PutVerifiedAsync(string signature, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (await _blobs.HeadAsync(KeyOf(signature), cancellationToken) is not null && await IsIntactAsync(signature, cancellationToken))
        {
            return false;
        }

        await _blobs.PutAsync(KeyOf(signature), payload, cancellationToken);
        return true;
    }

    // Clients ask which blocks are missing before uploading, so reading a duplicate to check it is rare.
    private async Task<bool> IsIntactAsync(string signature, CancellationToken cancellationToken)
    {
        try
        {
            using var block = await ReadAsync(signature, cancellationToken);
            return block is not null;
        }
        catch (DigestMismatchException)
        {
            return false;
        }
    }

    private async Task<PooledBuffer?> ReadStoredAsync(string signature, CancellationToken cancellationToken)
    {
        await using var content = await _blobs.OpenReadAsync(KeyOf(signature), 0, null, cancellationToken);
        if (content is null)
        {
            return null;
        }

        if (content.Length is < BlockPayload.HeaderSize or > MaxPayloadSize)
        {
            throw DigestMismatchException.Undecodable(signature, $"a {content.Length}-byte object cannot be a block");
        }

        var payload = new PooledBuffer((int)content.Length) { Length = (int)content.Length };
        try
        {
            await content.Stream.ReadExactlyAsync(payload.Memory, cancellationToken);
            return payload;
        }
        catch
        {
            payload.Dispose();
            throw;
        }
    }
}
