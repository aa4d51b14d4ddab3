using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using AetherFS.IntegrationTests.Infrastructure;
using AetherFS.Protocol.Dataset.V1;
using Google.Protobuf;

namespace AetherFS.IntegrationTests.Grpc;

/// <summary>
/// What a well-behaved gRPC client never sends, spoken by hand over h2c: the hub must still answer with a clear
/// status. (python3-grpcio covers the well-behaved side; see the *InteropTests.)
/// </summary>
public sealed class GrpcWireTests : IClassFixture<HubFixture>, IDisposable
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);
    private readonly HubHost _hub;
    private readonly HttpClient _http;

    public GrpcWireTests(HubFixture fixture)
    {
        _hub = fixture.Hub;
        _http = new HttpClient(new SocketsHttpHandler()) { BaseAddress = _hub.Url, Timeout = CallTimeout };
    }

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task UnsupportedMessageEncoding_IsUnimplementedAndNamesTheAcceptedEncodings()
    {
        using var request = GrpcRequest("/aetherfs.dataset.v1.DatasetAPI/List", Frame(new ListRequest().ToByteArray(), compressed: true));
        request.Headers.Add("grpc-encoding", "snappy");

        using var response = await _http.SendAsync(request).WaitAsync(CallTimeout);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("12", await StatusAsync(response));
        var accepted = response.Headers.GetValues("grpc-accept-encoding").Single().Split(',');
        Assert.Contains("gzip", accepted);
        Assert.DoesNotContain("snappy", accepted);
    }

    [Fact]
    public async Task CompressedFlagWithoutAnEncoding_IsAnError()
    {
        using var request = GrpcRequest("/aetherfs.dataset.v1.DatasetAPI/List", Frame(new ListRequest().ToByteArray(), compressed: true));

        using var response = await _http.SendAsync(request).WaitAsync(CallTimeout);

        Assert.Equal("13", await StatusAsync(response));
    }

    [Fact]
    public async Task GrpcOverHttp1_IsAnswered426()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/aetherfs.dataset.v1.DatasetAPI/List")
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(Frame(new ListRequest().ToByteArray())),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");

        using var response = await _http.SendAsync(request).WaitAsync(CallTimeout);

        Assert.Equal(HttpStatusCode.UpgradeRequired, response.StatusCode);
        Assert.Contains("HTTP/1.1", response.Headers.GetValues("grpc-message").Single(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("5")]
    [InlineData("123456789S")]
    [InlineData("10x")]
    [InlineData("-5S")]
    public async Task MalformedTimeout_IsServedWithoutADeadline(string timeout)
    {
        // grpc-dotnet logs a timeout it cannot read and serves the call without one, as grpc-java does.
        using var request = GrpcRequest("/aetherfs.dataset.v1.DatasetAPI/List", Frame(new ListRequest().ToByteArray()));
        request.Headers.TryAddWithoutValidation("grpc-timeout", timeout);

        using var response = await _http.SendAsync(request).WaitAsync(CallTimeout);

        Assert.Equal("0", await StatusAsync(response));
    }

    [Theory]
    [InlineData("30S")]
    [InlineData("1000000u")]
    [InlineData("99999999H")]
    public async Task WellFormedTimeout_IsServed(string timeout)
    {
        using var request = GrpcRequest("/aetherfs.dataset.v1.DatasetAPI/List", Frame(new ListRequest().ToByteArray()));
        request.Headers.TryAddWithoutValidation("grpc-timeout", timeout);

        using var response = await _http.SendAsync(request).WaitAsync(CallTimeout);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("0", await StatusAsync(response));
    }

    [Fact]
    public async Task Deadline_IsEnforcedByTheHub_EndingAStreamWithDeadlineExceeded()
    {
        // python3-grpcio enforces deadlines on its own side too; this client does not, so only the hub can end the call.
        var subscribe = new SubscribeRequest { Tags = { new Tag { Name = "wire/never-published", Version = "v1" } } };
        using var request = GrpcRequest("/aetherfs.dataset.v1.DatasetAPI/Subscribe", Frame(subscribe.ToByteArray()));
        request.Headers.TryAddWithoutValidation("grpc-timeout", "500m");
        var clock = Stopwatch.StartNew();

        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WaitAsync(CallTimeout);

        Assert.Equal("4", await StatusAsync(response));
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(400), TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Call_AnswersFramedMessagesThenOkInTrailers()
    {
        using var request = GrpcRequest("/aetherfs.dataset.v1.DatasetAPI/List", Frame(new ListRequest { PageSize = 5 }.ToByteArray()));

        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WaitAsync(CallTimeout);

        Assert.Equal("application/grpc", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsByteArrayAsync().WaitAsync(CallTimeout);
        Assert.Equal(0, body[0]);
        Assert.Equal(body.Length - 5, BinaryPrimitives.ReadInt32BigEndian(body.AsSpan(1)));
        Assert.NotNull(ListResponse.Parser.ParseFrom(body.AsSpan(5)));
        Assert.Equal("0", response.TrailingHeaders.GetValues("grpc-status").Single());
    }

    private static HttpRequestMessage GrpcRequest(string path, byte[] body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            // h2c with prior knowledge, as gRPC clients speak to a cleartext port.
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");
        return request;
    }

    private static byte[] Frame(byte[] message, bool compressed = false)
    {
        var frame = new byte[5 + message.Length];
        frame[0] = compressed ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(1), message.Length);
        message.CopyTo(frame, 5);
        return frame;
    }

    // grpc-status comes in the trailers after messages, or in the headers of a trailers-only response.
    private static async Task<string?> StatusAsync(HttpResponseMessage response)
    {
        await response.Content.ReadAsByteArrayAsync().WaitAsync(CallTimeout);
        if (response.TrailingHeaders.TryGetValues("grpc-status", out var trailer))
        {
            return trailer.Single();
        }

        return response.Headers.TryGetValues("grpc-status", out var header) ? header.Single() : null;
    }
}
