using System.Runtime.InteropServices;

namespace AetherFS.Mount.Interop;

/// <summary>libfuse's <c>struct fuse_args</c>: the argv fuse_session_new parses its options from.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct FuseArgs
{
    public int Argc;
    public byte** Argv;
    public int Allocated;
}
