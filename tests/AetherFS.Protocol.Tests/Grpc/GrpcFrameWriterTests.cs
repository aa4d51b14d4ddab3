using System.Buffers;
using AetherFS.Protocol.Block.V1;
using AetherFS.Protocol.Grpc;
using Google.Protobuf;

namespace AetherFS.Protocol.Tests.Grpc;

public sealed class GrpcFrameWriterTests
{
    private const int Limit = 64 * 1024;

    [Fact]
    public void Write_PrefixesTheMessageWithAnUncompressedFlagAndItsBigEndianLength()
    {
        var message = new UploadRequest { Part = ByteString.CopyFrom(new byte[297]) };
        Assert.Equal(300, message.CalculateSize());
        var buffer = new ArrayBufferWriter<byte>();

        GrpcFrameWriter.Write(buffer, message, Limit);

        Assert.Equal(new byte[] { 0, 0, 0, 0x01, 0x2C }, buffer.WrittenSpan[..5].ToArray());
        Assert.Equal(message.ToByteArray(), buffer.WrittenSpan[5..].ToArray());
    }

    [Fact]
    public void Write_FramesAnEmptyMessageAsAHeaderAlone()
    {
        var buffer = new ArrayBufferWriter<byte>();

        GrpcFrameWriter.Write(buffer, new AetherFS.Protocol.Dataset.V1.DeleteResponse(), Limit);

        Assert.Equal(new byte[5], buffer.WrittenSpan.ToArray());
    }

    [Fact]
    public async Task Write_ProducesFramesTheReaderReadsBack()
    {
        var messages = new[]
        {
            new UploadRequest { Signature = "one", Part = ByteString.CopyFromUtf8("hello") },
            new UploadRequest(),
            new UploadRequest { Part = ByteString.CopyFrom(new byte[40_000]) },
        };
        var buffer = new ArrayBufferWriter<byte>();
        foreach (var message in messages)
        {
            GrpcFrameWriter.Write(buffer, message, Limit);
        }

        var reader = new GrpcFrameReader(new TrickleStream(buffer.WrittenSpan.ToArray(), 11), Limit, encoding: null);
        var read = new List<UploadRequest>();
        while (await reader.ReadAsync(UploadRequest.Parser, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(30)) is { } message)
        {
            read.Add(message);
        }

        Assert.Equal(messages, read);
    }

    [Fact]
    public void Write_AcceptsAMessageOfExactlyTheMaximumSize()
    {
        var message = new UploadRequest { Part = ByteString.CopyFrom(new byte[Limit - 4]) };
        var buffer = new ArrayBufferWriter<byte>();

        GrpcFrameWriter.Write(buffer, message, Limit);

        Assert.Equal(Limit + GrpcProtocol.FrameHeaderSize, buffer.WrittenCount);
    }

    [Fact]
    public void Write_RefusesAMessageOverTheLimitWithResourceExhaustedAndWritesNothing()
    {
        var message = new UploadRequest { Part = ByteString.CopyFrom(new byte[Limit - 3]) };
        var buffer = new ArrayBufferWriter<byte>();

        var failure = Assert.Throws<GrpcException>(() => GrpcFrameWriter.Write(buffer, message, Limit));

        Assert.Equal(GrpcStatusCode.ResourceExhausted, failure.Status);
        Assert.Equal(0, buffer.WrittenCount);
    }
}
