using System.Runtime.InteropServices;
using System.Text;
using AetherFS.Mount.Dispatch;

namespace AetherFS.Mount.Interop;

/// <summary>
/// The entry points libfuse calls. Each finds its mount's handler through the GCHandle in the session's userdata and
/// catches everything: an exception must never unwind into native code (the process would die), so the unexpected
/// becomes EIO. Handlers reply last, so a throw always means no reply was sent yet.
/// </summary>
internal static unsafe class FuseCallbacks
{
    public static FuseLowLevelOps Operations() => new()
    {
        Init = &Init,
        Lookup = &Lookup,
        Forget = &Forget,
        Getattr = &Getattr,
        Readlink = &Readlink,
        Open = &Open,
        Read = &Read,
        Release = &Release,
        Opendir = &Opendir,
        Readdir = &Readdir,
        Readdirplus = &Readdirplus,
        Releasedir = &Releasedir,
        Statfs = &Statfs,
    };

    // A node's attributes cost nothing to give (the tree holds them), so every listing carries them (readdirplus) and
    // `ls -l` needs no lookup per entry. In "auto" mode the kernel would ask for them only on a directory's first page
    // and after lookups, so most entries of a large directory would still be looked up one by one.
    [UnmanagedCallersOnly]
    private static void Init(nint userData, FuseConnInfo* connection) => connection->Want &= ~FuseConnInfo.ReaddirplusAuto;

    [UnmanagedCallersOnly]
    private static void Lookup(nint request, ulong parent, byte* name)
    {
        try
        {
            Handler(request).Lookup(request, parent, Utf8(name));
        }
        catch (Exception)
        {
            LibFuse.ReplyError(request, Errno.IoError);
        }
    }

    // Inodes are the tree's own and outlive any lookup count, so there is nothing to release.
    [UnmanagedCallersOnly]
    private static void Forget(nint request, ulong inode, ulong lookups) => LibFuse.ReplyNone(request);

    [UnmanagedCallersOnly]
    private static void Getattr(nint request, ulong inode, FuseFileInfo* info)
    {
        try
        {
            Handler(request).Getattr(request, inode);
        }
        catch (Exception)
        {
            LibFuse.ReplyError(request, Errno.IoError);
        }
    }

    [UnmanagedCallersOnly]
    private static void Readlink(nint request, ulong inode)
    {
        try
        {
            Handler(request).Readlink(request, inode);
        }
        catch (Exception)
        {
            LibFuse.ReplyError(request, Errno.IoError);
        }
    }

    [UnmanagedCallersOnly]
    private static void Open(nint request, ulong inode, FuseFileInfo* info)
    {
        try
        {
            Handler(request).Open(request, inode, info);
        }
        catch (Exception)
        {
            LibFuse.ReplyError(request, Errno.IoError);
        }
    }

    [UnmanagedCallersOnly]
    private static void Read(nint request, ulong inode, nuint size, long offset, FuseFileInfo* info)
    {
        try
        {
            Handler(request).Read(request, inode, size, offset);
        }
        catch (Exception)
        {
            LibFuse.ReplyError(request, Errno.IoError);
        }
    }

    [UnmanagedCallersOnly]
    private static void Release(nint request, ulong inode, FuseFileInfo* info) => LibFuse.ReplyError(request, 0);

    [UnmanagedCallersOnly]
    private static void Opendir(nint request, ulong inode, FuseFileInfo* info)
    {
        try
        {
            Handler(request).Opendir(request, inode, info);
        }
        catch (Exception)
        {
            LibFuse.ReplyError(request, Errno.IoError);
        }
    }

    [UnmanagedCallersOnly]
    private static void Readdir(nint request, ulong inode, nuint size, long offset, FuseFileInfo* info)
    {
        try
        {
            Handler(request).Readdir(request, inode, size, offset);
        }
        catch (Exception)
        {
            LibFuse.ReplyError(request, Errno.IoError);
        }
    }

    [UnmanagedCallersOnly]
    private static void Readdirplus(nint request, ulong inode, nuint size, long offset, FuseFileInfo* info)
    {
        try
        {
            Handler(request).Readdirplus(request, inode, size, offset);
        }
        catch (Exception)
        {
            LibFuse.ReplyError(request, Errno.IoError);
        }
    }

    [UnmanagedCallersOnly]
    private static void Releasedir(nint request, ulong inode, FuseFileInfo* info) => LibFuse.ReplyError(request, 0);

    [UnmanagedCallersOnly]
    private static void Statfs(nint request, ulong inode)
    {
        try
        {
            FuseRequestHandler.Statfs(request);
        }
        catch (Exception)
        {
            LibFuse.ReplyError(request, Errno.IoError);
        }
    }

    private static FuseRequestHandler Handler(nint request) =>
        (FuseRequestHandler)GCHandle.FromIntPtr(LibFuse.RequestUserData(request)).Target!;

    private static string Utf8(byte* text) => Encoding.UTF8.GetString(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(text));
}
