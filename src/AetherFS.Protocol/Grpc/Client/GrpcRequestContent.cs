using System.Buffers;
using System.Net;
using Google.Protobuf;

namespace AetherFS.Protocol.Grpc.Client;

/// <summary>A request body of length-prefixed messages, written as the request streams out.</summary>
internal sealed class GrpcRequestContent : HttpContent
{
    private readonly IAsyncEnumerable<IMessage> _messages;
    private readonly int _maxMessageSize;
    private readonly CancellationToken _cancellationToken;

    public GrpcRequestContent(IAsyncEnumerable<IMessage> messages, int maxMessageSize, CancellationToken cancellationToken)
    {
        _messages = messages;
        _maxMessageSize = maxMessageSize;
        _cancellationToken = cancellationToken;
        Headers.TryAddWithoutValidation("Content-Type", GrpcProtocol.ContentType);
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        var buffer = new ArrayBufferWriter<byte>();
        await foreach (var message in _messages.WithCancellation(_cancellationToken))
        {
            buffer.ResetWrittenCount();
            GrpcFrameWriter.Write(buffer, message, _maxMessageSize);
            await stream.WriteAsync(buffer.WrittenMemory, _cancellationToken);
            await stream.FlushAsync(_cancellationToken);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }
}
