using System.Runtime.InteropServices;

namespace AetherFS.Mount.Interop;

/// <summary>
/// libfuse 3.14's <c>struct fuse_lowlevel_ops</c> (44 pointers, 352 bytes), in header order. Operations left null
/// are answered by libfuse itself (ENOSYS); writes never reach us because the mount is <c>ro</c>.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct FuseLowLevelOps
{
    public delegate* unmanaged<nint, FuseConnInfo*, void> Init;
    public nint Destroy;
    public delegate* unmanaged<nint, ulong, byte*, void> Lookup;
    public delegate* unmanaged<nint, ulong, ulong, void> Forget;
    public delegate* unmanaged<nint, ulong, FuseFileInfo*, void> Getattr;
    public nint Setattr;
    public delegate* unmanaged<nint, ulong, void> Readlink;
    public nint Mknod;
    public nint Mkdir;
    public nint Unlink;
    public nint Rmdir;
    public nint Symlink;
    public nint Rename;
    public nint Link;
    public delegate* unmanaged<nint, ulong, FuseFileInfo*, void> Open;
    public delegate* unmanaged<nint, ulong, nuint, long, FuseFileInfo*, void> Read;
    public nint Write;
    public nint Flush;
    public delegate* unmanaged<nint, ulong, FuseFileInfo*, void> Release;
    public nint Fsync;
    public delegate* unmanaged<nint, ulong, FuseFileInfo*, void> Opendir;
    public delegate* unmanaged<nint, ulong, nuint, long, FuseFileInfo*, void> Readdir;
    public delegate* unmanaged<nint, ulong, FuseFileInfo*, void> Releasedir;
    public nint Fsyncdir;
    public delegate* unmanaged<nint, ulong, void> Statfs;
    public nint Setxattr;
    public nint Getxattr;
    public nint Listxattr;
    public nint Removexattr;
    public nint Access;
    public nint Create;
    public nint Getlk;
    public nint Setlk;
    public nint Bmap;
    public nint Ioctl;
    public nint Poll;
    public nint WriteBuf;
    public nint RetrieveReply;
    public nint ForgetMulti;
    public nint Flock;
    public nint Fallocate;
    public delegate* unmanaged<nint, ulong, nuint, long, FuseFileInfo*, void> Readdirplus;
    public nint CopyFileRange;
    public nint Lseek;
}
