using System.Runtime.InteropServices;

namespace AetherFS.Core.Interop;

/// <summary>The few zstd calls block compression needs; libzstd.so.1 is present on every Debian system.</summary>
internal static partial class LibZstd
{
    private const string Library = "libzstd.so.1";

    [LibraryImport(Library, EntryPoint = "ZSTD_compressBound")]
    public static partial nuint CompressBound(nuint sourceSize);

    [LibraryImport(Library, EntryPoint = "ZSTD_createCCtx")]
    public static partial nint CreateCCtx();

    [LibraryImport(Library, EntryPoint = "ZSTD_createDCtx")]
    public static partial nint CreateDCtx();

    [LibraryImport(Library, EntryPoint = "ZSTD_freeCCtx")]
    public static partial nuint FreeCCtx(nint context);

    [LibraryImport(Library, EntryPoint = "ZSTD_freeDCtx")]
    public static partial nuint FreeDCtx(nint context);

    [LibraryImport(Library, EntryPoint = "ZSTD_compressCCtx")]
    public static unsafe partial nuint CompressCCtx(nint context, byte* destination, nuint capacity, byte* source, nuint sourceSize, int level);

    [LibraryImport(Library, EntryPoint = "ZSTD_decompressDCtx")]
    public static unsafe partial nuint DecompressDCtx(nint context, byte* destination, nuint capacity, byte* source, nuint sourceSize);

    [LibraryImport(Library, EntryPoint = "ZSTD_getFrameContentSize")]
    public static unsafe partial ulong GetFrameContentSize(byte* source, nuint sourceSize);

    [LibraryImport(Library, EntryPoint = "ZSTD_isError")]
    public static partial uint IsError(nuint code);

    [LibraryImport(Library, EntryPoint = "ZSTD_getErrorName")]
    public static partial nint GetErrorName(nuint code);

    [LibraryImport(Library, EntryPoint = "ZSTD_CCtx_reset")]
    public static partial nuint ResetCCtx(nint context, int reset);

    [LibraryImport(Library, EntryPoint = "ZSTD_DCtx_reset")]
    public static partial nuint ResetDCtx(nint context, int reset);

    [LibraryImport(Library, EntryPoint = "ZSTD_CCtx_setParameter")]
    public static partial nuint SetCParameter(nint context, int parameter, int value);

    [LibraryImport(Library, EntryPoint = "ZSTD_DCtx_setParameter")]
    public static partial nuint SetDParameter(nint context, int parameter, int value);

    [LibraryImport(Library, EntryPoint = "ZSTD_CCtx_refPrefix")]
    public static unsafe partial nuint RefPrefixC(nint context, byte* prefix, nuint prefixSize);

    [LibraryImport(Library, EntryPoint = "ZSTD_DCtx_refPrefix")]
    public static unsafe partial nuint RefPrefixD(nint context, byte* prefix, nuint prefixSize);

    [LibraryImport(Library, EntryPoint = "ZSTD_compress2")]
    public static unsafe partial nuint Compress2(nint context, byte* destination, nuint capacity, byte* source, nuint sourceSize);

    [LibraryImport(Library, EntryPoint = "ZSTD_maxCLevel")]
    public static partial int MaxCompressionLevel();
}
