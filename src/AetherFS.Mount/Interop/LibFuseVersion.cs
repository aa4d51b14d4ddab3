using System.Runtime.InteropServices;

namespace AetherFS.Mount.Interop;

/// <summary>
/// What ties the binding to one libfuse ABI: the version check, and <c>fuse_session_loop_mt</c> pinned by symbol
/// version. The library exports three loops under one name (FUSE_3.0, 3.2, 3.12) taking different config structs;
/// plain dlsym takes whichever is the default, so we ask for FUSE_3.12 (a <c>fuse_loop_config*</c> from
/// fuse_loop_cfg_create) by name.
/// </summary>
internal static unsafe partial class LibFuseVersion
{
    // Our structs are 3.14's; other releases changed them (3.18 grew fuse_file_info to 64 bytes), so refuse the rest.
    public const int Supported = 314;

    private static readonly Lazy<nint> SessionLoop = new(ResolveSessionLoop);

    public static bool IsSupported(out int version)
    {
        version = LibFuse.Version();
        return version == Supported;
    }

    public static int SessionLoopMultiThreaded(nint session, nint config) =>
        ((delegate* unmanaged<nint, nint, int>)SessionLoop.Value)(session, config);

    private static nint ResolveSessionLoop()
    {
        var library = NativeLibrary.Load(LibFuse.Library);
        var loop = Dlvsym(library, "fuse_session_loop_mt", "FUSE_3.12");
        return loop != 0 ? loop : throw new DllNotFoundException("libfuse3 has no fuse_session_loop_mt@FUSE_3.12");
    }

    [LibraryImport("libc", EntryPoint = "dlvsym", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint Dlvsym(nint handle, string symbol, string version);
}
