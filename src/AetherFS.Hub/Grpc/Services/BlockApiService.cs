using System.Buffers;
using AetherFS.Core.Blocks;
using AetherFS.Hub.Configuration;
using AetherFS.Hub.GarbageCollection;
using AetherFS.Hub.Grpc.Server;
using AetherFS.Protocol.Block.V1;
using AetherFS.Protocol.Grpc;
using AetherFS.Storage.Blocks;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace AetherFS.Hub.Grpc.Services;

/// <summary>
/// <c>aetherfs.block.v1.BlockAPI</c>: blocks by signature, verified on the way in and on the way out, as the
/// REST block endpoints do.
/// </summary>
internal sealed class BlockApiService : IGrpcService
{
    /// <summary>Download parts stay well under every client's default 4 MiB message limit.</summary>
    public const int PartSize = 1024 * 1024;

    // A DownloadResponse frames its part with a tag and length, plus two int64 fields: at most 28 bytes more.
    private const int DownloadResponseOverhead = 32;

    private const int MaxMissingQuery = Protocol.Rest.MissingBlocksRequest.MaxSignatures;

    private readonly BlockStore _blocks;
    private readonly ClaimingBlockQueries _queries;
    private readonly HubOptions _options;

    public BlockApiService(BlockStore blocks, ClaimingBlockQueries queries, HubOptions options)
    {
        _blocks = blocks;
        _queries = queries;
        _options = options;
    }

    private static ServiceDescriptor Service => ApiReflection.Descriptor.Services[0];

    public IReadOnlyList<ServiceDescriptor> Descriptors => [Service];

    public IEnumerable<GrpcMethod> Methods =>
    [
        new UnaryMethod<LookupRequest, LookupResponse>(Service, "Lookup", LookupRequest.Parser, LookupAsync),
        new UnaryMethod<FindMissingRequest, FindMissingResponse>(Service, "FindMissing", FindMissingRequest.Parser, FindMissingAsync),
        new ServerStreamingMethod<DownloadRequest>(Service, "Download", DownloadRequest.Parser, DownloadAsync),
        new ClientStreamingMethod<UploadRequest, UploadResponse>(Service, "Upload", UploadRequest.Parser, UploadAsync),
    ];

    private async Task<LookupResponse> LookupAsync(LookupRequest request, GrpcServerCall call)
    {
        ValidateSignature(request.Signature);
        var size = await _queries.SizeAsync(request.Signature, PushId(call), call.CancellationToken)
            ?? throw NotFound(request.Signature);
        return new LookupResponse { Size = size };
    }

    private async Task<FindMissingResponse> FindMissingAsync(FindMissingRequest request, GrpcServerCall call)
    {
        if (request.Signatures.Count > MaxMissingQuery)
        {
            throw new GrpcException(GrpcStatusCode.InvalidArgument, $"ask about at most {MaxMissingQuery} signatures per call");
        }

        foreach (var signature in request.Signatures)
        {
            ValidateSignature(signature);
        }

        var response = new FindMissingResponse();
        response.Missing.AddRange(await _queries.FindMissingAsync(request.Signatures, PushId(call), call.CancellationToken));
        return response;
    }

    private async Task DownloadAsync(DownloadRequest request, GrpcServerCall call)
    {
        ValidateSignature(request.Signature);
        if (request.Offset < 0 || request.Size < 0)
        {
            throw new GrpcException(GrpcStatusCode.InvalidArgument, "offset and size must not be negative");
        }

        // ReadAsync verifies the block against its signature before a byte leaves the hub.
        using var block = await _blocks.ReadAsync(request.Signature, call.CancellationToken)
            ?? throw NotFound(request.Signature);
        var end = request.Size == 0 ? block.Length : request.Offset + request.Size;
        if (request.Offset > block.Length || end > block.Length)
        {
            throw new GrpcException(GrpcStatusCode.OutOfRange, $"bytes {request.Offset} to {end} are outside the {block.Length}-byte block");
        }

        // A hub run with --grpc-max-message-size under 1 MiB sends smaller parts rather than none at all.
        var partSize = Math.Min(PartSize, _options.GrpcMaxMessageSize - DownloadResponseOverhead);
        for (var offset = request.Offset; offset < end; offset += partSize)
        {
            var length = (int)Math.Min(partSize, end - offset);
            // The part is framed into the response pipe before WriteAsync returns, so wrapping without a copy is safe.
            await call.WriteAsync(new DownloadResponse
            {
                Part = UnsafeByteOperations.UnsafeWrap(block.Memory.Slice((int)offset, length)),
                Offset = offset,
                BlockSize = block.Length,
            });
        }
    }

    private async Task<UploadResponse> UploadAsync(IAsyncEnumerable<UploadRequest> parts, GrpcServerCall call)
    {
        string? expected = null;
        var buffer = ArrayPool<byte>.Shared.Rent(PartSize);
        var length = 0;
        try
        {
            await foreach (var part in parts)
            {
                if (part.Signature.Length > 0)
                {
                    ValidateSignature(part.Signature);
                    expected = expected is null || expected == part.Signature
                        ? part.Signature
                        : throw new GrpcException(GrpcStatusCode.InvalidArgument, "the parts of one upload name different signatures");
                }

                if ((long)length + part.Part.Length > _options.MaxBlockSize)
                {
                    throw new GrpcException(GrpcStatusCode.ResourceExhausted, $"block is larger than the hub's limit of {_options.MaxBlockSize} bytes");
                }

                if (length + part.Part.Length > buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(_options.MaxBlockSize, Math.Max(buffer.Length * 2, length + part.Part.Length)));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                part.Part.Span.CopyTo(buffer.AsSpan(length));
                length += part.Part.Length;
            }

            if (length == 0)
            {
                throw new GrpcException(GrpcStatusCode.InvalidArgument, "block is empty");
            }

            var data = buffer.AsMemory(0, length);
            var actual = BlockSignature.Compute(data.Span);
            if (expected is not null && actual != expected)
            {
                throw new GrpcException(GrpcStatusCode.InvalidArgument, $"upload refused, the bytes hash to {actual}, not {expected}");
            }

            var created = await _blocks.PutRawAsync(actual, data, call.CancellationToken);
            return new UploadResponse { Signature = actual, Size = length, Created = created };
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void ValidateSignature(string signature)
    {
        if (!BlockSignature.IsValid(signature))
        {
            throw new GrpcException(GrpcStatusCode.InvalidArgument, $"invalid block signature '{signature}': expected 64 lowercase hex characters");
        }
    }

    // Metadata aetherfs-push-id, as REST's AetherFS-Push-Id header: groups the claims of one push.
    private static string? PushId(GrpcServerCall call) =>
        PushIds.TryRead(call.Context.Request, out var pushId) ? pushId : throw new GrpcException(GrpcStatusCode.InvalidArgument, PushIds.Invalid);

    private static GrpcException NotFound(string signature) => new(GrpcStatusCode.NotFound, $"block {signature} not found");
}
