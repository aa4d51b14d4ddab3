using AetherFS.Core.Blocks;
using AetherFS.Protocol.Block.V1;
using Google.Protobuf;

namespace AetherFS.Protocol.Grpc.Client;

/// <summary>Typed client of <c>aetherfs.block.v1.BlockAPI</c>. Whole blocks it downloads are verified.</summary>
public sealed class BlockApiClient
{
    private const string Service = "/aetherfs.block.v1.BlockAPI/";

    /// <summary>Upload parts stay under every server's default 4 MiB message limit.</summary>
    private const int UploadPartSize = 1024 * 1024;

    private readonly GrpcChannel _channel;

    public BlockApiClient(GrpcChannel channel) => _channel = channel;

    /// <summary>The block's size, or null when the hub does not have it.</summary>
    public async Task<long?> LookupAsync(string signature, CancellationToken cancellationToken, CallOptions options = default)
    {
        try
        {
            var response = await _channel.UnaryAsync(Service + "Lookup", new LookupRequest { Signature = signature }, LookupResponse.Parser, options, cancellationToken);
            return response.Size;
        }
        catch (GrpcException e) when (e.Status == GrpcStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>The signatures the hub lacks, asked in batches the hub accepts.</summary>
    public async Task<IReadOnlyList<string>> FindMissingAsync(IReadOnlyList<string> signatures, CancellationToken cancellationToken, CallOptions options = default)
    {
        var missing = new List<string>();
        foreach (var batch in signatures.Chunk(Rest.MissingBlocksRequest.MaxSignatures))
        {
            var request = new FindMissingRequest();
            request.Signatures.AddRange(batch);
            var response = await _channel.UnaryAsync(Service + "FindMissing", request, FindMissingResponse.Parser, options, cancellationToken);
            missing.AddRange(response.Missing);
        }

        return missing;
    }

    /// <summary>
    /// Downloads a whole block of <paramref name="size"/> bytes into a pooled buffer and verifies it against its
    /// signature; a hub that sends anything else raises <see cref="DigestMismatchException"/>.
    /// </summary>
    public async Task<PooledBlock> DownloadAsync(string signature, int size, CancellationToken cancellationToken, CallOptions options = default)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(Math.Max(size, 1));
        var block = PooledBlock.Adopt(buffer, size);
        try
        {
            long received = 0;
            var request = new DownloadRequest { Signature = signature };
            await foreach (var part in _channel.ServerStreamingAsync(Service + "Download", request, DownloadResponse.Parser, options, cancellationToken))
            {
                if (part.BlockSize != size || part.Offset != received || received + part.Part.Length > size)
                {
                    throw DigestMismatchException.Undecodable(signature, $"the hub sent a part at {part.Offset} of a {part.BlockSize}-byte block; expected {received} of {size}");
                }

                part.Part.Span.CopyTo(buffer.AsSpan((int)received));
                received += part.Part.Length;
            }

            if (received != size)
            {
                throw DigestMismatchException.Undecodable(signature, $"the hub sent {received} of {size} bytes");
            }

            block.Verify(signature);
            return block;
        }
        catch
        {
            block.Dispose();
            throw;
        }
    }

    /// <summary>Uploads one block in parts; the hub checks the bytes hash to <paramref name="signature"/>.</summary>
    public Task<UploadResponse> UploadAsync(string signature, ReadOnlyMemory<byte> data, CancellationToken cancellationToken, CallOptions options = default) =>
        _channel.ClientStreamingAsync(Service + "Upload", Parts(signature, data), UploadResponse.Parser, options, cancellationToken);

    private static async IAsyncEnumerable<IMessage> Parts(string signature, ReadOnlyMemory<byte> data)
    {
        await Task.CompletedTask;
        for (var offset = 0; offset < data.Length; offset += UploadPartSize)
        {
            var part = data.Slice(offset, Math.Min(UploadPartSize, data.Length - offset));
            yield return new UploadRequest
            {
                Signature = offset == 0 ? signature : string.Empty,
                Part = UnsafeByteOperations.UnsafeWrap(part),
            };
        }
    }
}
