using AetherFS.Serving.Grpc;
using AetherFS.Hub.Application;
using AetherFS.Hub.Configuration;
using AetherFS.Hub.Http;
using AetherFS.Protocol.Block.V1;
using AetherFS.Protocol.Errors;
using Google.Protobuf;
using Grpc.Core;

namespace AetherFS.Hub.Grpc;

/// <summary>
/// <c>aetherfs.block.v1.BlockAPI</c> on grpc-dotnet: blocks by signature, verified on the way in and on the way out,
/// through the same application layer as the REST block endpoints.
/// </summary>
internal sealed class BlockApiService : BlockAPI.BlockAPIBase
{
    /// <summary>Download parts stay well under every client's default 4 MiB message limit.</summary>
    public const int PartSize = 1024 * 1024;

    // A DownloadResponse frames its part with a tag and length, plus two int64 fields: at most 28 bytes more.
    private const int DownloadResponseOverhead = 32;

    private readonly BlockService _blocks;
    private readonly HubOptions _options;

    public BlockApiService(BlockService blocks, HubOptions options)
    {
        _blocks = blocks;
        _options = options;
    }

    public override async Task<LookupResponse> Lookup(LookupRequest request, ServerCallContext context) =>
        new() { Size = (await _blocks.LookupAsync(request.Signature, context.PushId(), context.CancellationToken)).ValueOrThrow() };

    public override async Task<FindMissingResponse> FindMissing(FindMissingRequest request, ServerCallContext context) =>
        new() { Missing = { (await _blocks.FindMissingAsync(request.Signatures, context.PushId(), context.CancellationToken)).ValueOrThrow() } };

    public override async Task Download(DownloadRequest request, IServerStreamWriter<DownloadResponse> responseStream, ServerCallContext context)
    {
        if (request.Offset < 0 || request.Size < 0)
        {
            throw ApiError.Invalid("offset and size must not be negative").ToRpcException();
        }

        // The block is verified against its signature before a byte leaves the hub.
        using var block = (await _blocks.ReadAsync(request.Signature, context.CancellationToken)).ValueOrThrow();
        var end = request.Size == 0 ? block.Length : request.Offset + request.Size;
        if (request.Offset > block.Length || end > block.Length)
        {
            throw new ApiError(ErrorKind.OutOfRange, $"bytes {request.Offset} to {end} are outside the {block.Length}-byte block").ToRpcException();
        }

        // A hub run with --grpc-max-message-size under 1 MiB sends smaller parts rather than none at all.
        var partSize = Math.Min(PartSize, _options.GrpcMaxMessageSize - DownloadResponseOverhead);
        for (var offset = request.Offset; offset < end; offset += partSize)
        {
            var length = (int)Math.Min(partSize, end - offset);
            // The part is serialized before WriteAsync returns, so wrapping without a copy is safe.
            await responseStream.WriteAsync(new DownloadResponse
            {
                Part = UnsafeByteOperations.UnsafeWrap(block.Memory.Slice((int)offset, length)),
                Offset = offset,
                BlockSize = block.Length,
            });
        }
    }

    public override async Task<UploadResponse> Upload(IAsyncStreamReader<UploadRequest> requestStream, ServerCallContext context)
    {
        string? expected = null;
        using var block = new PartBuffer(_blocks.MaxBlockSize);
        await foreach (var part in requestStream.ReadAllAsync(context.CancellationToken))
        {
            if (part.Signature.Length > 0)
            {
                expected = expected is null || expected == part.Signature
                    ? part.Signature
                    : throw ApiError.Invalid("the parts of one upload name different signatures").ToRpcException();
            }

            if (!block.TryAppend(part.Part.Span))
            {
                throw _blocks.TooLarge().ToRpcException();
            }
        }

        var stored = (await _blocks.PutAsync(expected, block.Memory, encoded: false, context.PushId(), context.CancellationToken)).ValueOrThrow();
        return new UploadResponse { Signature = stored.Signature, Size = stored.Size, Created = stored.Created };
    }
}
