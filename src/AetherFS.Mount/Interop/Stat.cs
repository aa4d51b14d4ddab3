using System.Runtime.InteropServices;

namespace AetherFS.Mount.Interop;

/// <summary>x86_64 glibc <c>struct stat</c> (144 bytes; st_nlink comes before st_mode on this architecture).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct Stat
{
    public ulong Device;
    public ulong Inode;
    public ulong LinkCount;
    public uint Mode;
    public uint UserId;
    public uint GroupId;
    private readonly int _padding;
    public ulong SpecialDevice;
    public long Size;
    public long BlockSize;
    public long Blocks;
    public Timespec AccessTime;
    public Timespec ModifiedTime;
    public Timespec ChangeTime;
    private fixed long _reserved[3];
}
