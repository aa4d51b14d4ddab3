using System.Runtime.InteropServices;

namespace AetherFS.Mount.Interop;

/// <summary>libfuse's <c>struct fuse_entry_param</c> (176 bytes): what a lookup answers.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct FuseEntryParam
{
    public ulong Inode;
    public ulong Generation;
    public Stat Attributes;
    public double AttributeTimeout;
    public double EntryTimeout;
}
