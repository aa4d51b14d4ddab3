using System.Runtime.InteropServices;
using AetherFS.Core.Interop;

namespace AetherFS.Core.Blocks;

/// <summary>
/// zstd with a prefix: a frame compressed against bytes both sides already hold (<c>ZSTD_CCtx_refPrefix</c>), the
/// engine of block deltas. Long-distance matching is on, because below level 12 zstd's regular match finder misses
/// most of a prefix larger than its hash tables cover (docs/chunking.md, "Deltas"), and the window covers prefix and
/// frame. Frames are magicless, without content size, checksum or dictionary id: the block header records the
/// length and the SHA-256 verifies the bytes, so those would be bytes on the wire for nothing. Contexts are kept per
/// thread, apart from <see cref="Zstd"/>'s, whose parameters they would otherwise change.
/// </summary>
public static class ZstdPrefix
{
    // zstd.h parameter numbers (stable ABI; the format ones are the experimental parameters the library accepts).
    private const int ResetSessionAndParameters = 3;
    private const int CompressionLevel = 100;
    private const int WindowLog = 101;
    private const int EnableLongDistanceMatching = 160;
    private const int ContentSizeFlag = 200;
    private const int ChecksumFlag = 201;
    private const int DictionaryIdFlag = 202;
    private const int CompressionFormat = 10; // ZSTD_c_format
    private const int DecompressionWindowLogMax = 100;
    private const int DecompressionFormat = 1000; // ZSTD_d_format
    private const int Magicless = 1; // ZSTD_f_zstd1_magicless
    private const int MinWindowLog = 10;

    /// <summary>The largest window a prefixed frame may use: 32 MiB, so a decoder's memory stays bounded.</summary>
    public const int MaxWindowLog = 25;

    [ThreadStatic]
    private static ZstdContextHandle? _compressionContext;

    [ThreadStatic]
    private static ZstdContextHandle? _decompressionContext;

    /// <summary>
    /// Compresses <paramref name="source"/> against <paramref name="prefix"/> into <paramref name="destination"/>;
    /// returns the frame's length, or -1 when it does not fit in <paramref name="destination"/> (not worth it).
    /// </summary>
    public static unsafe int Compress(ReadOnlySpan<byte> source, ReadOnlySpan<byte> prefix, Span<byte> destination, int level)
    {
        var context = (_compressionContext ??= ZstdContextHandle.ForCompression()).DangerousGetHandle();
        Check(LibZstd.ResetCCtx(context, ResetSessionAndParameters));
        Check(LibZstd.SetCParameter(context, CompressionLevel, level));
        Check(LibZstd.SetCParameter(context, WindowLog, WindowLogFor(prefix.Length + source.Length)));
        Check(LibZstd.SetCParameter(context, EnableLongDistanceMatching, 1));
        Check(LibZstd.SetCParameter(context, ContentSizeFlag, 0));
        Check(LibZstd.SetCParameter(context, ChecksumFlag, 0));
        Check(LibZstd.SetCParameter(context, DictionaryIdFlag, 0));
        Check(LibZstd.SetCParameter(context, CompressionFormat, Magicless));
        fixed (byte* pre = prefix)
        fixed (byte* src = source)
        fixed (byte* dst = destination)
        {
            Check(LibZstd.RefPrefixC(context, pre, (nuint)prefix.Length));
            var written = LibZstd.Compress2(context, dst, (nuint)destination.Length, src, (nuint)source.Length);
            // dstSize_tooSmall: the frame would be larger than the caller allows.
            return LibZstd.IsError(written) != 0 && ErrorName(written).Contains("too small", StringComparison.OrdinalIgnoreCase) ? -1 : (int)Check(written);
        }
    }

    /// <summary>
    /// Decompresses a frame made by <see cref="Compress"/> against the same <paramref name="prefix"/> into
    /// <paramref name="destination"/>, never writing past it (a frame that would is an error, not a bigger buffer).
    /// Returns the bytes written; throws <see cref="InvalidDataException"/> on bad input.
    /// </summary>
    public static unsafe int Decompress(ReadOnlySpan<byte> frame, ReadOnlySpan<byte> prefix, Span<byte> destination)
    {
        var context = (_decompressionContext ??= ZstdContextHandle.ForDecompression()).DangerousGetHandle();
        Check(LibZstd.ResetDCtx(context, ResetSessionAndParameters));
        Check(LibZstd.SetDParameter(context, DecompressionWindowLogMax, MaxWindowLog));
        Check(LibZstd.SetDParameter(context, DecompressionFormat, Magicless));
        fixed (byte* pre = prefix)
        fixed (byte* src = frame)
        fixed (byte* dst = destination)
        {
            Check(LibZstd.RefPrefixD(context, pre, (nuint)prefix.Length));
            return (int)Check(LibZstd.DecompressDCtx(context, dst, (nuint)destination.Length, src, (nuint)frame.Length));
        }
    }

    private static int WindowLogFor(int bytes) => Math.Clamp(64 - (int)ulong.LeadingZeroCount((ulong)Math.Max(bytes - 1, 1)), MinWindowLog, MaxWindowLog);

    private static string ErrorName(nuint code) => Marshal.PtrToStringUTF8(LibZstd.GetErrorName(code)) ?? "unknown error";

    private static nuint Check(nuint code) =>
        LibZstd.IsError(code) == 0 ? code : throw new InvalidDataException($"zstd: {ErrorName(code)}");
}
