using System.Buffers;
using System.IO.Compression;

namespace AetherFS.Protocol.Grpc;

/// <summary>
/// Message compression (<c>grpc-encoding</c>). Peers may compress messages with gzip or deflate; this side
/// never compresses what it sends (blocks are already compressed), which the protocol always allows.
/// </summary>
public static class GrpcMessageEncoding
{
    public const string Identity = "identity";
    public const string Gzip = "gzip";
    public const string Deflate = "deflate";

    /// <summary>The value of <c>grpc-accept-encoding</c>.</summary>
    public const string Accepted = "identity,gzip,deflate";

    public static bool IsSupported(string? encoding) => encoding is null or Identity or Gzip or Deflate;

    /// <summary>
    /// Inflates one message into a pooled buffer, refusing (RESOURCE_EXHAUSTED) to grow beyond
    /// <paramref name="maxSize"/> bytes, so a small compressed message cannot expand without bound.
    /// </summary>
    public static (byte[] Buffer, int Length) Decompress(string encoding, ReadOnlyMemory<byte> compressed, int maxSize)
    {
        using var source = new MemoryStream(compressed.ToArray(), writable: false);
        using Stream inflater = encoding switch
        {
            Gzip => new GZipStream(source, CompressionMode.Decompress),
            Deflate => new ZLibStream(source, CompressionMode.Decompress),
            _ => throw new GrpcException(GrpcStatusCode.Internal, $"compressed message without a supported grpc-encoding (got '{encoding}')"),
        };

        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(maxSize, Math.Max(4096, compressed.Length * 4)) + 1);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > maxSize)
                    {
                        throw TooLarge(maxSize);
                    }

                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)maxSize + 1, buffer.Length * 2L));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = inflater.Read(buffer, length, buffer.Length - length);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }

            return length > maxSize ? throw TooLarge(maxSize) : (buffer, length);
        }
        catch (InvalidDataException e)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw new GrpcException(GrpcStatusCode.Internal, $"message is not valid {encoding} data", e);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    private static GrpcException TooLarge(int maxSize) =>
        new(GrpcStatusCode.ResourceExhausted, $"decompressed message is larger than the limit of {maxSize} bytes");
}
