using System.Buffers.Binary;
using System.IO.Compression;
using AetherFS.Protocol.Grpc;
using Google.Protobuf;

namespace AetherFS.Protocol.Tests.Grpc;

/// <summary>Builds gRPC length-prefixed frames byte by byte, independently of the writer under test.</summary>
internal static class GrpcFrames
{
    public static byte[] Uncompressed(IMessage message) => Frame(0, message.ToByteArray());

    public static byte[] Compressed(IMessage message, string encoding) => Frame(1, Compress(encoding, message.ToByteArray()));

    public static byte[] Frame(byte flag, byte[] payload) => [.. Header(flag, (uint)payload.Length), .. payload];

    public static byte[] Header(byte flag, uint length)
    {
        var header = new byte[GrpcProtocol.FrameHeaderSize];
        header[0] = flag;
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(1), length);
        return header;
    }

    public static byte[] Compress(string encoding, byte[] data)
    {
        using var output = new MemoryStream();
        using (var deflater = Deflater(encoding, output))
        {
            deflater.Write(data);
        }

        return output.ToArray();
    }

    /// <summary>A decompression bomb: <paramref name="count"/> zero bytes, which compress about a thousandfold.</summary>
    public static byte[] CompressZeros(string encoding, int count)
    {
        using var output = new MemoryStream();
        using (var deflater = Deflater(encoding, output))
        {
            var zeros = new byte[1024 * 1024];
            for (var written = 0; written < count; written += zeros.Length)
            {
                deflater.Write(zeros, 0, Math.Min(zeros.Length, count - written));
            }
        }

        return output.ToArray();
    }

    private static Stream Deflater(string encoding, Stream output) => encoding switch
    {
        GrpcMessageEncoding.Gzip => new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true),
        GrpcMessageEncoding.Deflate => new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true),
        _ => throw new ArgumentOutOfRangeException(nameof(encoding)),
    };
}
