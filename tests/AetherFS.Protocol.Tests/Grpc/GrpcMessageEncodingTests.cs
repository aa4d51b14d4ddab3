using System.Buffers;
using AetherFS.Protocol.Grpc;

namespace AetherFS.Protocol.Tests.Grpc;

public sealed class GrpcMessageEncodingTests
{
    [Theory]
    [InlineData(null)]
    [InlineData(GrpcMessageEncoding.Identity)]
    [InlineData(GrpcMessageEncoding.Gzip)]
    [InlineData(GrpcMessageEncoding.Deflate)]
    public void IsSupported_AcceptsIdentityGzipAndDeflate(string? encoding)
    {
        Assert.True(GrpcMessageEncoding.IsSupported(encoding));
    }

    [Theory]
    [InlineData("br")]
    [InlineData("snappy")]
    [InlineData("zstd")]
    [InlineData("gzip,deflate")]
    public void IsSupported_RejectsOtherEncodings(string encoding)
    {
        Assert.False(GrpcMessageEncoding.IsSupported(encoding));
    }

    [Fact]
    public void Accepted_AdvertisesEveryEncodingThatIsSupported()
    {
        var advertised = GrpcMessageEncoding.Accepted.Split(',');

        Assert.Equal([GrpcMessageEncoding.Identity, GrpcMessageEncoding.Gzip, GrpcMessageEncoding.Deflate], advertised);
        Assert.All(advertised, encoding => Assert.True(GrpcMessageEncoding.IsSupported(encoding)));
    }

    [Theory]
    [InlineData(GrpcMessageEncoding.Gzip, 0)]
    [InlineData(GrpcMessageEncoding.Gzip, 10)]
    [InlineData(GrpcMessageEncoding.Gzip, 300_000)]
    [InlineData(GrpcMessageEncoding.Deflate, 0)]
    [InlineData(GrpcMessageEncoding.Deflate, 10)]
    [InlineData(GrpcMessageEncoding.Deflate, 300_000)]
    public void Decompress_RestoresTheOriginalBytes(string encoding, int size)
    {
        // Highly compressible data inflates far beyond the first buffer, so the buffer has to grow.
        var original = Enumerable.Range(0, size).Select(i => (byte)(i / 1000)).ToArray();

        var (buffer, length) = GrpcMessageEncoding.Decompress(encoding, GrpcFrames.Compress(encoding, original), 1024 * 1024);
        try
        {
            Assert.Equal(original, buffer.AsSpan(0, length).ToArray());
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    [Theory]
    [InlineData(GrpcMessageEncoding.Gzip)]
    [InlineData(GrpcMessageEncoding.Deflate)]
    public void Decompress_AcceptsExactlyTheMaximumSize(string encoding)
    {
        var original = new byte[100_000];

        var (buffer, length) = GrpcMessageEncoding.Decompress(encoding, GrpcFrames.Compress(encoding, original), original.Length);
        ArrayPool<byte>.Shared.Return(buffer);

        Assert.Equal(original.Length, length);
    }

    [Theory]
    [InlineData(GrpcMessageEncoding.Gzip, 100_001)]
    [InlineData(GrpcMessageEncoding.Deflate, 100_001)]
    [InlineData(GrpcMessageEncoding.Gzip, 256 * 1024 * 1024)]
    [InlineData(GrpcMessageEncoding.Deflate, 256 * 1024 * 1024)]
    public void Decompress_RefusesToInflateBeyondTheMaximumSize(string encoding, int size)
    {
        var compressed = GrpcFrames.CompressZeros(encoding, size);

        var failure = Assert.Throws<GrpcException>(() => GrpcMessageEncoding.Decompress(encoding, compressed, 100_000));

        Assert.Equal(GrpcStatusCode.ResourceExhausted, failure.Status);
    }

    [Fact]
    public void Decompress_FailsWithInternalForAnUnsupportedEncoding()
    {
        var failure = Assert.Throws<GrpcException>(() => GrpcMessageEncoding.Decompress("br", new byte[] { 1, 2, 3 }, 1000));

        Assert.Equal(GrpcStatusCode.Internal, failure.Status);
        Assert.Contains("br", failure.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(GrpcMessageEncoding.Gzip)]
    [InlineData(GrpcMessageEncoding.Deflate)]
    public void Decompress_FailsWithInternalForDataThatIsNotCompressed(string encoding)
    {
        var failure = Assert.Throws<GrpcException>(() => GrpcMessageEncoding.Decompress(encoding, "plain text, not compressed"u8.ToArray(), 1000));

        Assert.Equal(GrpcStatusCode.Internal, failure.Status);
    }
}
