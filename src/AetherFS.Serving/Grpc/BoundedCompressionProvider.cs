using System.IO.Compression;
using Grpc.Core;
using Grpc.Net.Compression;

namespace AetherFS.Serving.Grpc;

/// <summary>
/// gzip or deflate for gRPC messages, whose decompression stops at the message size limit: grpc-dotnet checks the
/// limit on the compressed length only, so a small message of zeros could otherwise inflate to any size in memory.
/// Answers compress fast (blocks are compressed already; manifests shrink well at any level).
/// </summary>
internal sealed class BoundedCompressionProvider : ICompressionProvider
{
    private readonly ICompressionProvider _inner;
    private readonly int _maxMessageSize;

    private BoundedCompressionProvider(ICompressionProvider inner, int maxMessageSize)
    {
        _inner = inner;
        _maxMessageSize = maxMessageSize;
    }

    public string EncodingName => _inner.EncodingName;

    public static IReadOnlyList<ICompressionProvider> All(int maxMessageSize) =>
    [
        new BoundedCompressionProvider(new GzipCompressionProvider(CompressionLevel.Fastest), maxMessageSize),
        new BoundedCompressionProvider(new DeflateCompressionProvider(CompressionLevel.Fastest), maxMessageSize),
    ];

    public Stream CreateCompressionStream(Stream stream, CompressionLevel? compressionLevel) => _inner.CreateCompressionStream(stream, compressionLevel);

    public Stream CreateDecompressionStream(Stream stream) => new Streams.LimitedReadStream(
        _inner.CreateDecompressionStream(stream),
        _maxMessageSize,
        limit => new RpcException(new Status(StatusCode.ResourceExhausted, $"the message inflates past the limit of {limit} bytes")));
}
