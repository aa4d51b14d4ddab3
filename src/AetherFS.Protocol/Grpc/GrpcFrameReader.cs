using System.Buffers;
using System.Buffers.Binary;
using Google.Protobuf;

namespace AetherFS.Protocol.Grpc;

/// <summary>
/// Reads length-prefixed gRPC messages from a request or response body, enforcing the maximum message size
/// before anything is buffered.
/// </summary>
public sealed class GrpcFrameReader
{
    private readonly Stream _stream;
    private readonly int _maxMessageSize;
    private readonly string? _encoding;
    private readonly byte[] _header = new byte[GrpcProtocol.FrameHeaderSize];

    /// <param name="encoding">The peer's <c>grpc-encoding</c>; null or identity when it does not compress.</param>
    public GrpcFrameReader(Stream stream, int maxMessageSize, string? encoding)
    {
        _stream = stream;
        _maxMessageSize = maxMessageSize;
        _encoding = encoding is GrpcMessageEncoding.Identity ? null : encoding;
    }

    /// <summary>The next message, or null when the stream ended cleanly between messages.</summary>
    public async ValueTask<T?> ReadAsync<T>(MessageParser<T> parser, CancellationToken cancellationToken)
        where T : class, IMessage<T>
    {
        var read = await _stream.ReadAtLeastAsync(_header, _header.Length, throwOnEndOfStream: false, cancellationToken);
        if (read == 0)
        {
            return null;
        }

        if (read < _header.Length)
        {
            throw new GrpcException(GrpcStatusCode.Internal, "the stream ended inside a message header");
        }

        var compressed = _header[0];
        var length = BinaryPrimitives.ReadUInt32BigEndian(_header.AsSpan(1));
        if (compressed > 1)
        {
            throw new GrpcException(GrpcStatusCode.Internal, $"invalid compressed flag {compressed}");
        }

        if (length > _maxMessageSize)
        {
            throw new GrpcException(GrpcStatusCode.ResourceExhausted, $"message of {length} bytes is larger than the limit of {_maxMessageSize} bytes");
        }

        if (compressed == 1 && _encoding is null)
        {
            throw new GrpcException(GrpcStatusCode.Internal, "message is marked compressed but no grpc-encoding was given");
        }

        var buffer = ArrayPool<byte>.Shared.Rent((int)length);
        try
        {
            try
            {
                await _stream.ReadExactlyAsync(buffer.AsMemory(0, (int)length), cancellationToken);
            }
            catch (EndOfStreamException e)
            {
                throw new GrpcException(GrpcStatusCode.Internal, $"the stream ended inside a {length}-byte message", e);
            }

            return compressed == 1 ? ParseCompressed(parser, buffer.AsMemory(0, (int)length)) : Parse(parser, buffer.AsSpan(0, (int)length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private T ParseCompressed<T>(MessageParser<T> parser, ReadOnlyMemory<byte> compressed)
        where T : class, IMessage<T>
    {
        var (buffer, length) = GrpcMessageEncoding.Decompress(_encoding!, compressed, _maxMessageSize);
        try
        {
            return Parse(parser, buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static T Parse<T>(MessageParser<T> parser, ReadOnlySpan<byte> bytes)
        where T : class, IMessage<T>
    {
        try
        {
            return parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new GrpcException(GrpcStatusCode.Internal, $"malformed {typeof(T).Name} message: {e.Message}", e);
        }
    }
}
