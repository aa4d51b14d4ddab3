using System.Runtime.InteropServices;

namespace AetherFS.Mount.Interop;

/// <summary>x86_64 glibc <c>struct statvfs</c> (112 bytes), what fuse_reply_statfs takes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct StatVfs
{
    public ulong BlockSize;
    public ulong FragmentSize;
    public ulong Blocks;
    public ulong BlocksFree;
    public ulong BlocksAvailable;
    public ulong Files;
    public ulong FilesFree;
    public ulong FilesAvailable;
    public ulong FileSystemId;
    public ulong Flags;
    public ulong NameMax;
    private fixed int _spare[6];
}
