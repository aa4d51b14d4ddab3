using AetherFS.Protocol.Block.V1;
using AetherFS.Protocol.Grpc;
using Google.Protobuf;

namespace AetherFS.Protocol.Tests.Grpc;

public sealed class GrpcFrameReaderTests
{
    private const int Limit = 64 * 1024;
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ReadAsync_ReturnsEachMessageInOrderThenNullAtTheCleanEnd()
    {
        var reader = Reader([.. GrpcFrames.Uncompressed(Upload("first", 10)), .. GrpcFrames.Uncompressed(Upload("second", 20))]);

        var first = await ReadAsync(reader, UploadRequest.Parser);
        var second = await ReadAsync(reader, UploadRequest.Parser);
        var end = await ReadAsync(reader, UploadRequest.Parser);

        Assert.Equal(Upload("first", 10), first);
        Assert.Equal(Upload("second", 20), second);
        Assert.Null(end);
    }

    [Fact]
    public async Task ReadAsync_ReturnsNullForAnEmptyBody()
    {
        Assert.Null(await ReadAsync(Reader([]), UploadRequest.Parser));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public async Task ReadAsync_AssemblesMessagesThatArriveAFewBytesAtATime(int bytesPerRead)
    {
        var messages = new[] { Upload("a", 0), Upload("b", 1), Upload("c", 5000), Upload("d", 3) };
        var stream = new TrickleStream([.. messages.SelectMany(GrpcFrames.Uncompressed)], bytesPerRead);
        var reader = new GrpcFrameReader(stream, Limit, encoding: null);

        var received = new List<UploadRequest>();
        while (await ReadAsync(reader, UploadRequest.Parser) is { } message)
        {
            received.Add(message);
        }

        Assert.Equal(messages, received);
        Assert.True(stream.Reads > messages.Length * 2, $"the stream was read only {stream.Reads} times");
    }

    [Fact]
    public async Task ReadAsync_ReadsAnEmptyMessageAndCarriesOn()
    {
        var reader = Reader([.. GrpcFrames.Header(0, 0), .. GrpcFrames.Uncompressed(Upload("next", 4))]);

        var empty = await ReadAsync(reader, FindMissingResponse.Parser);
        var next = await ReadAsync(reader, UploadRequest.Parser);

        Assert.NotNull(empty);
        Assert.Empty(empty.Missing);
        Assert.Equal(Upload("next", 4), next);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public async Task ReadAsync_FailsWithInternalWhenTheStreamEndsInsideAHeader(int headerBytes)
    {
        var frame = GrpcFrames.Uncompressed(Upload("x", 3));
        var reader = Reader([.. frame, .. frame.AsSpan(0, headerBytes)]);
        await ReadAsync(reader, UploadRequest.Parser);

        var failure = await Assert.ThrowsAsync<GrpcException>(() => ReadAsync(reader, UploadRequest.Parser));

        Assert.Equal(GrpcStatusCode.Internal, failure.Status);
    }

    [Fact]
    public async Task ReadAsync_FailsWithInternalWhenTheStreamEndsInsideABody()
    {
        var frame = GrpcFrames.Uncompressed(Upload("x", 100));
        var reader = Reader(frame[..^1]);

        var failure = await Assert.ThrowsAsync<GrpcException>(() => ReadAsync(reader, UploadRequest.Parser));

        Assert.Equal(GrpcStatusCode.Internal, failure.Status);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(GrpcMessageEncoding.Identity)]
    public async Task ReadAsync_FailsWithInternalForACompressedMessageWhenThePeerNamedNoEncoding(string? encoding)
    {
        var reader = Reader(GrpcFrames.Compressed(Upload("x", 10), GrpcMessageEncoding.Gzip), encoding);

        var failure = await Assert.ThrowsAsync<GrpcException>(() => ReadAsync(reader, UploadRequest.Parser));

        Assert.Equal(GrpcStatusCode.Internal, failure.Status);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(0x80)]
    [InlineData(0xFF)]
    public async Task ReadAsync_FailsWithInternalForAnUnknownCompressedFlag(byte flag)
    {
        var reader = Reader(GrpcFrames.Frame(flag, Upload("x", 10).ToByteArray()), GrpcMessageEncoding.Gzip);

        var failure = await Assert.ThrowsAsync<GrpcException>(() => ReadAsync(reader, UploadRequest.Parser));

        Assert.Equal(GrpcStatusCode.Internal, failure.Status);
    }

    [Fact]
    public async Task ReadAsync_FailsWithInternalForBytesThatAreNotTheExpectedMessage()
    {
        var reader = Reader(GrpcFrames.Frame(0, [0x0A, 0xFF, 0xFF, 0xFF]));

        var failure = await Assert.ThrowsAsync<GrpcException>(() => ReadAsync(reader, UploadRequest.Parser));

        Assert.Equal(GrpcStatusCode.Internal, failure.Status);
    }

    [Fact]
    public async Task ReadAsync_AcceptsAMessageOfExactlyTheMaximumSize()
    {
        var message = Upload(string.Empty, 0);
        message.Part = ByteString.CopyFrom(new byte[Limit - 4]);
        Assert.Equal(Limit, message.CalculateSize());

        var read = await ReadAsync(Reader(GrpcFrames.Uncompressed(message)), UploadRequest.Parser);

        Assert.Equal(message, read);
    }

    [Theory]
    [InlineData(Limit + 1u)]
    [InlineData(int.MaxValue + 1u)]
    [InlineData(uint.MaxValue)]
    public async Task ReadAsync_RefusesAnOversizedMessageFromItsHeaderAlone(uint declaredLength)
    {
        // Only the header arrives: the limit is enforced before any of the body is awaited or buffered.
        var reader = new GrpcFrameReader(new TrickleStream(GrpcFrames.Header(0, declaredLength), 2, staysOpen: true), Limit, encoding: null);

        var failure = await Assert.ThrowsAsync<GrpcException>(() => ReadAsync(reader, UploadRequest.Parser));

        Assert.Equal(GrpcStatusCode.ResourceExhausted, failure.Status);
    }

    [Theory]
    [InlineData(GrpcMessageEncoding.Gzip)]
    [InlineData(GrpcMessageEncoding.Deflate)]
    public async Task ReadAsync_InflatesCompressedMessages(string encoding)
    {
        var message = Upload("compressed", 20_000);
        var stream = new TrickleStream(GrpcFrames.Compressed(message, encoding), 5);
        var reader = new GrpcFrameReader(stream, Limit, encoding);

        Assert.Equal(message, await ReadAsync(reader, UploadRequest.Parser));
        Assert.Null(await ReadAsync(reader, UploadRequest.Parser));
    }

    [Fact]
    public async Task ReadAsync_ReadsCompressedAndUncompressedMessagesOfOneStream()
    {
        var reader = Reader(
            [.. GrpcFrames.Compressed(Upload("a", 3000), GrpcMessageEncoding.Gzip), .. GrpcFrames.Uncompressed(Upload("b", 30))],
            GrpcMessageEncoding.Gzip);

        Assert.Equal(Upload("a", 3000), await ReadAsync(reader, UploadRequest.Parser));
        Assert.Equal(Upload("b", 30), await ReadAsync(reader, UploadRequest.Parser));
    }

    [Theory]
    [InlineData(GrpcMessageEncoding.Gzip)]
    [InlineData(GrpcMessageEncoding.Deflate)]
    public async Task ReadAsync_FailsWithResourceExhaustedForACompressedMessageThatInflatesBeyondTheLimit(string encoding)
    {
        // A decompression bomb: well under the limit on the wire, 16 MiB once inflated.
        var message = new UploadRequest { Part = ByteString.CopyFrom(new byte[16 * 1024 * 1024]) };
        var frame = GrpcFrames.Compressed(message, encoding);
        Assert.True(frame.Length < Limit / 2, $"the bomb is {frame.Length} bytes");

        var failure = await Assert.ThrowsAsync<GrpcException>(() => ReadAsync(Reader(frame, encoding), UploadRequest.Parser));

        Assert.Equal(GrpcStatusCode.ResourceExhausted, failure.Status);
    }

    [Fact]
    public async Task ReadAsync_AcceptsACompressedMessageThatInflatesToExactlyTheLimit()
    {
        var message = new UploadRequest { Part = ByteString.CopyFrom(new byte[Limit - 4]) };
        Assert.Equal(Limit, message.CalculateSize());

        var read = await ReadAsync(Reader(GrpcFrames.Compressed(message, GrpcMessageEncoding.Gzip), GrpcMessageEncoding.Gzip), UploadRequest.Parser);

        Assert.Equal(message, read);
    }

    [Fact]
    public async Task ReadAsync_FailsWithInternalForCorruptCompressedData()
    {
        var reader = Reader(GrpcFrames.Frame(1, "these bytes are not gzip"u8.ToArray()), GrpcMessageEncoding.Gzip);

        var failure = await Assert.ThrowsAsync<GrpcException>(() => ReadAsync(reader, UploadRequest.Parser));

        Assert.Equal(GrpcStatusCode.Internal, failure.Status);
    }

    [Fact]
    public async Task ReadAsync_StopsWaitingForASilentPeerWhenCancelled()
    {
        var frame = GrpcFrames.Uncompressed(Upload("x", 100));
        var reader = new GrpcFrameReader(new TrickleStream(frame[..20], 4, staysOpen: true), Limit, encoding: null);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => reader.ReadAsync(UploadRequest.Parser, cancellation.Token).AsTask().WaitAsync(TestTimeout));
    }

    private static GrpcFrameReader Reader(byte[] body, string? encoding = null) =>
        new(new TrickleStream(body, bytesPerRead: 3), Limit, encoding);

    private static Task<T?> ReadAsync<T>(GrpcFrameReader reader, MessageParser<T> parser)
        where T : class, IMessage<T> =>
        reader.ReadAsync(parser, CancellationToken.None).AsTask().WaitAsync(TestTimeout);

    private static UploadRequest Upload(string signature, int partSize) => new()
    {
        Signature = signature,
        Part = ByteString.CopyFrom(Enumerable.Range(0, partSize).Select(i => (byte)(i * 7)).ToArray()),
    };
}
