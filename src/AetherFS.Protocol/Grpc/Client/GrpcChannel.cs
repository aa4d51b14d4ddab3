using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using Google.Protobuf;

namespace AetherFS.Protocol.Grpc.Client;

/// <summary>
/// The client half of gRPC over HTTP/2, on <see cref="HttpClient"/>: h2c with prior knowledge for http://,
/// ALPN for https://. Calls end with a <see cref="GrpcException"/> for any status but OK, including
/// UNAVAILABLE when the hub cannot be reached and DEADLINE_EXCEEDED when a deadline passes.
/// </summary>
public sealed class GrpcChannel : IDisposable
{
    private readonly HttpClient _http;
    private readonly GrpcChannelOptions _options;

    public GrpcChannel(Uri address, GrpcChannelOptions? options = null)
    {
        Address = address;
        _options = options ?? new GrpcChannelOptions();
        _http = new HttpClient(_options.Handler ?? new SocketsHttpHandler
        {
            ConnectTimeout = _options.ConnectTimeout,
            EnableMultipleHttp2Connections = true,
            // A larger first window lets a block stream at full speed from its first round trip.
            InitialHttp2StreamWindowSize = 4 * 1024 * 1024,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
        })
        {
            BaseAddress = address,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("aetherfs-grpc", typeof(GrpcChannel).Assembly.GetName().Version?.ToString(3)));
    }

    public Uri Address { get; }

    public Task<TResponse> UnaryAsync<TResponse>(string path, IMessage request, MessageParser<TResponse> parser, CallOptions options, CancellationToken cancellationToken)
        where TResponse : class, IMessage<TResponse> =>
        SingleAsync(path, One(request), parser, options, cancellationToken);

    public IAsyncEnumerable<TResponse> ServerStreamingAsync<TResponse>(string path, IMessage request, MessageParser<TResponse> parser, CallOptions options, CancellationToken cancellationToken)
        where TResponse : class, IMessage<TResponse> =>
        StreamAsync(path, One(request), parser, options, cancellationToken);

    public Task<TResponse> ClientStreamingAsync<TResponse>(string path, IAsyncEnumerable<IMessage> requests, MessageParser<TResponse> parser, CallOptions options, CancellationToken cancellationToken)
        where TResponse : class, IMessage<TResponse> =>
        SingleAsync(path, requests, parser, options, cancellationToken);

    public void Dispose() => _http.Dispose();

    // Unary and client-streaming calls answer exactly one message; anything else breaks the protocol.
    private async Task<TResponse> SingleAsync<TResponse>(string path, IAsyncEnumerable<IMessage> requests, MessageParser<TResponse> parser, CallOptions options, CancellationToken cancellationToken)
        where TResponse : class, IMessage<TResponse>
    {
        TResponse? response = null;
        await foreach (var message in StreamAsync(path, requests, parser, options, cancellationToken))
        {
            response = response is null ? message : throw new GrpcException(GrpcStatusCode.Internal, $"{path} answered with more than one message");
        }

        return response ?? throw new GrpcException(GrpcStatusCode.Internal, $"{path} answered with no message");
    }

    private async IAsyncEnumerable<TResponse> StreamAsync<TResponse>(
        string path,
        IAsyncEnumerable<IMessage> requests,
        MessageParser<TResponse> parser,
        CallOptions options,
        [EnumeratorCancellation] CancellationToken cancellationToken)
        where TResponse : class, IMessage<TResponse>
    {
        using var deadline = new CancellationTokenSource(GrpcTimeout.TimerDelay(options.Deadline));
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var token = linked.Token;

        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new GrpcRequestContent(requests, _options.MaxSendMessageSize, token),
        };
        request.Headers.TryAddWithoutValidation("te", "trailers");
        request.Headers.TryAddWithoutValidation(GrpcProtocol.AcceptEncodingHeader, GrpcMessageEncoding.Accepted);
        if (options.Deadline is { } timeout)
        {
            request.Headers.TryAddWithoutValidation(GrpcProtocol.TimeoutHeader, GrpcTimeout.Format(timeout));
        }

        using var response = await Guard(path, deadline, () => _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token), cancellationToken);
        GrpcResponseStatus.ThrowIfFailedHeaders(path, response);

        await using var body = await response.Content.ReadAsStreamAsync(token);
        var encoding = response.Headers.TryGetValues(GrpcProtocol.EncodingHeader, out var values) ? values.FirstOrDefault() : null;
        var reader = new GrpcFrameReader(body, _options.MaxReceiveMessageSize, encoding);
        while (await Guard(path, deadline, () => reader.ReadAsync(parser, token).AsTask(), cancellationToken) is { } message)
        {
            yield return message;
        }

        GrpcResponseStatus.ThrowIfFailedTrailers(path, response);
    }

    // Turns transport failures and the deadline into gRPC statuses; the caller's own cancellation stays a cancellation.
    private async Task<T> Guard<T>(string path, CancellationTokenSource deadline, Func<Task<T>> operation, CancellationToken cancellationToken)
    {
        try
        {
            return await operation();
        }
        catch (OperationCanceledException e) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new GrpcException(GrpcStatusCode.DeadlineExceeded, $"{path}: deadline exceeded", e);
        }
        catch (HttpRequestException e)
        {
            throw new GrpcException(GrpcStatusCode.Unavailable, $"cannot reach {Address}: {e.Message}", e);
        }
        catch (IOException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new GrpcException(GrpcStatusCode.Unavailable, $"the connection to {Address} broke: {e.Message}", e);
        }
    }

    private static async IAsyncEnumerable<IMessage> One(IMessage message)
    {
        await Task.CompletedTask;
        yield return message;
    }
}
