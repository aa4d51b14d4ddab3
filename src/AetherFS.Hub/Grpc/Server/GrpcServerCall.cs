using System.Runtime.CompilerServices;
using AetherFS.Protocol.Grpc;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;

namespace AetherFS.Hub.Grpc.Server;

/// <summary>
/// One call in progress: reads request messages, writes response messages, and carries the token that fires
/// when the client goes away or the call's deadline passes.
/// </summary>
internal sealed class GrpcServerCall
{
    private readonly GrpcFrameReader _reader;
    private readonly int _maxMessageSize;

    public GrpcServerCall(HttpContext context, int maxMessageSize, string? encoding, CancellationToken cancellationToken)
    {
        Context = context;
        _maxMessageSize = maxMessageSize;
        _reader = new GrpcFrameReader(context.Request.Body, maxMessageSize, encoding);
        CancellationToken = cancellationToken;
    }

    public HttpContext Context { get; }

    /// <summary>Fires when the client cancels or disconnects, or the deadline passes.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>True once a response message has been written: the status must then go in trailers.</summary>
    public bool HasWrittenMessages { get; private set; }

    /// <summary>The single request of a unary or server-streaming call.</summary>
    public async Task<T> ReadSingleAsync<T>(MessageParser<T> parser)
        where T : class, IMessage<T>
    {
        var message = await _reader.ReadAsync(parser, CancellationToken)
            ?? throw new GrpcException(GrpcStatusCode.Internal, "the call carried no request message");
        if (await _reader.ReadAsync(parser, CancellationToken) is not null)
        {
            throw new GrpcException(GrpcStatusCode.Internal, "the call carried more than one request message");
        }

        return message;
    }

    /// <summary>The request messages of a client-streaming or duplex call, as they arrive.</summary>
    public async IAsyncEnumerable<T> ReadAllAsync<T>(MessageParser<T> parser, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        where T : class, IMessage<T>
    {
        while (await _reader.ReadAsync(parser, CancellationToken) is { } message)
        {
            yield return message;
        }
    }

    /// <summary>Writes one response message; streams flush each one so the client sees it at once.</summary>
    public async Task WriteAsync(IMessage message, bool flush = true)
    {
        var writer = Context.Response.BodyWriter;
        GrpcFrameWriter.Write(writer, message, _maxMessageSize);
        HasWrittenMessages = true;
        if (flush)
        {
            await writer.FlushAsync(CancellationToken);
        }
    }
}
