using System.Buffers;
using System.Buffers.Binary;
using Google.Protobuf;

namespace AetherFS.Protocol.Grpc;

/// <summary>Writes length-prefixed, uncompressed gRPC messages.</summary>
public static class GrpcFrameWriter
{
    /// <summary>Frames <paramref name="message"/> into <paramref name="writer"/>; RESOURCE_EXHAUSTED when it is over the limit.</summary>
    public static void Write(IBufferWriter<byte> writer, IMessage message, int maxMessageSize)
    {
        var size = message.CalculateSize();
        if (size > maxMessageSize)
        {
            throw new GrpcException(GrpcStatusCode.ResourceExhausted, $"message of {size} bytes is larger than the limit of {maxMessageSize} bytes");
        }

        var header = writer.GetSpan(GrpcProtocol.FrameHeaderSize);
        header[0] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(header[1..], (uint)size);
        writer.Advance(GrpcProtocol.FrameHeaderSize);
        message.WriteTo(writer);
    }
}
