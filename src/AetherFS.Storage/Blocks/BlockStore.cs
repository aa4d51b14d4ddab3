using System.Buffers;
using AetherFS.Core.Blocks;
using AetherFS.Core.Manifests;
using AetherFS.Storage.Blobs;

namespace AetherFS.Storage.Blocks;

/// <summary>
/// Content-addressed blocks on a blob store, under <c>blocks/{sig[0:2]}/{sig[2:]}</c>. Every block is verified
/// against its signature when it is written and again whenever it is read.
/// </summary>
public sealed class BlockStore
{
    private const int ExistenceParallelism = 16;
    private readonly IBlobStore _blobs;

    public BlockStore(IBlobStore blobs) => _blobs = blobs;

    public static string KeyOf(string signature) => $"blocks/{signature[..2]}/{signature[2..]}";

    public async Task<long?> SizeAsync(string signature, CancellationToken cancellationToken) =>
        (await _blobs.HeadAsync(KeyOf(signature), cancellationToken))?.Size;

    /// <summary>The signatures among <paramref name="signatures"/> this store lacks, in the order given.</summary>
    public async Task<IReadOnlyList<string>> FindMissingAsync(IReadOnlyList<string> signatures, CancellationToken cancellationToken)
    {
        var present = new bool[signatures.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, signatures.Count),
            new ParallelOptions { MaxDegreeOfParallelism = ExistenceParallelism, CancellationToken = cancellationToken },
            async (i, ct) => present[i] = await _blobs.HeadAsync(KeyOf(signatures[i]), ct) is not null);
        return signatures.Where((_, i) => !present[i]).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>Reads a whole block and verifies it; null when absent; <see cref="DigestMismatchException"/> when corrupt.</summary>
    public async Task<PooledBlock?> ReadAsync(string signature, CancellationToken cancellationToken)
    {
        await using var content = await _blobs.OpenReadAsync(KeyOf(signature), 0, null, cancellationToken);
        if (content is null)
        {
            return null;
        }

        if (content.Length > ChunkingParameters.MaxBlockSize)
        {
            throw new DigestMismatchException(signature, $"(a {content.Length}-byte object, larger than any block)");
        }

        var buffer = ArrayPool<byte>.Shared.Rent((int)content.Length);
        try
        {
            await content.Stream.ReadExactlyAsync(buffer.AsMemory(0, (int)content.Length), cancellationToken);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }

        var block = PooledBlock.Adopt(buffer, (int)content.Length);
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

    /// <summary>Stores a block after checking its bytes hash to <paramref name="signature"/>; a block already present is kept.</summary>
    public async Task<bool> PutAsync(string signature, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        BlockSignature.Verify(signature, data.Span);
        if (await _blobs.HeadAsync(KeyOf(signature), cancellationToken) is not null)
        {
            return false;
        }

        await _blobs.PutAsync(KeyOf(signature), data, cancellationToken);
        return true;
    }
}
