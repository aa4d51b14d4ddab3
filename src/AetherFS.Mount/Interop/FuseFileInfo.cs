using System.Runtime.InteropServices;

namespace AetherFS.Mount.Interop;

/// <summary>
/// libfuse 3.14's <c>struct fuse_file_info</c> (40 bytes; 3.18 grew it to 64, hence the layout test and the version
/// check at start). The C bitfields live in one word at offset 4.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct FuseFileInfo
{
    public const uint DirectIo = 1u << 1;
    public const uint KeepCache = 1u << 2;
    public const uint CacheReaddir = 1u << 6;

    public int Flags;
    public uint Bits;
    private readonly uint _padding2;
    private readonly uint _alignment;
    public ulong Handle;
    public ulong LockOwner;
    public uint PollEvents;
}
