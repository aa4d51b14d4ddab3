using System.Runtime.InteropServices;

namespace AetherFS.Core.Interop;

/// <summary>
/// A libzstd compression or decompression context, freed when its handle is disposed or collected: a thread's cached
/// context goes with the thread instead of leaking.
/// </summary>
internal sealed class ZstdContextHandle : SafeHandle
{
    private readonly bool _compression;

    private ZstdContextHandle(nint context, bool compression)
        : base(nint.Zero, ownsHandle: true)
    {
        _compression = compression;
        SetHandle(context);
    }

    public override bool IsInvalid => handle == nint.Zero;

    public static ZstdContextHandle ForCompression() => new(LibZstd.CreateCCtx(), compression: true);

    public static ZstdContextHandle ForDecompression() => new(LibZstd.CreateDCtx(), compression: false);

    protected override bool ReleaseHandle()
    {
        _ = _compression ? LibZstd.FreeCCtx(handle) : LibZstd.FreeDCtx(handle);
        return true;
    }
}
