using System.Runtime.InteropServices;

namespace AetherFS.Mount.Interop;

/// <summary>The libfuse3 low-level calls the binding makes. Layouts match libfuse 3.14 (checked by <see cref="LibFuseVersion"/>).</summary>
internal static unsafe partial class LibFuse
{
    public const string Library = "libfuse3.so.3";

    [LibraryImport(Library, EntryPoint = "fuse_version")]
    public static partial int Version();

    [LibraryImport(Library, EntryPoint = "fuse_session_new")]
    public static partial nint SessionNew(FuseArgs* args, FuseLowLevelOps* ops, nuint opsSize, nint userData);

    [LibraryImport(Library, EntryPoint = "fuse_session_mount", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int SessionMount(nint session, string mountPoint);

    [LibraryImport(Library, EntryPoint = "fuse_session_unmount")]
    public static partial void SessionUnmount(nint session);

    [LibraryImport(Library, EntryPoint = "fuse_session_exit")]
    public static partial void SessionExit(nint session);

    [LibraryImport(Library, EntryPoint = "fuse_session_destroy")]
    public static partial void SessionDestroy(nint session);

    [LibraryImport(Library, EntryPoint = "fuse_opt_free_args")]
    public static partial void OptFreeArgs(FuseArgs* args);

    [LibraryImport(Library, EntryPoint = "fuse_loop_cfg_create")]
    public static partial nint LoopConfigCreate();

    [LibraryImport(Library, EntryPoint = "fuse_loop_cfg_destroy")]
    public static partial void LoopConfigDestroy(nint config);

    [LibraryImport(Library, EntryPoint = "fuse_loop_cfg_set_max_threads")]
    public static partial void LoopConfigSetMaxThreads(nint config, uint value);

    [LibraryImport(Library, EntryPoint = "fuse_req_userdata")]
    public static partial nint RequestUserData(nint request);

    [LibraryImport(Library, EntryPoint = "fuse_reply_err")]
    public static partial int ReplyError(nint request, int error);

    [LibraryImport(Library, EntryPoint = "fuse_reply_none")]
    public static partial void ReplyNone(nint request);

    [LibraryImport(Library, EntryPoint = "fuse_reply_entry")]
    public static partial int ReplyEntry(nint request, FuseEntryParam* entry);

    [LibraryImport(Library, EntryPoint = "fuse_reply_attr")]
    public static partial int ReplyAttributes(nint request, Stat* attributes, double timeout);

    [LibraryImport(Library, EntryPoint = "fuse_reply_readlink")]
    public static partial int ReplyReadlink(nint request, byte* target);

    [LibraryImport(Library, EntryPoint = "fuse_reply_open")]
    public static partial int ReplyOpen(nint request, FuseFileInfo* info);

    [LibraryImport(Library, EntryPoint = "fuse_reply_buf")]
    public static partial int ReplyBuffer(nint request, byte* buffer, nuint size);

    [LibraryImport(Library, EntryPoint = "fuse_reply_statfs")]
    public static partial int ReplyStatfs(nint request, StatVfs* statistics);

    [LibraryImport(Library, EntryPoint = "fuse_add_direntry")]
    public static partial nuint AddDirectoryEntry(nint request, byte* buffer, nuint bufferSize, byte* name, Stat* attributes, long nextOffset);

    [LibraryImport(Library, EntryPoint = "fuse_add_direntry_plus")]
    public static partial nuint AddDirectoryEntryPlus(nint request, byte* buffer, nuint bufferSize, byte* name, FuseEntryParam* entry, long nextOffset);

    [LibraryImport(Library, EntryPoint = "fuse_lowlevel_notify_inval_inode")]
    public static partial int NotifyInvalidateInode(nint session, ulong inode, long offset, long length);

    [LibraryImport(Library, EntryPoint = "fuse_lowlevel_notify_inval_entry")]
    public static partial int NotifyInvalidateEntry(nint session, ulong parent, byte* name, nuint nameLength);
}
