using System.Runtime.InteropServices;

namespace AetherFS.Mount.Interop;

/// <summary>The owner a mount shows its files with: the process's own ids; and statfs, to tell a stale mount by its errno.</summary>
internal static unsafe partial class LibC
{
    // struct statfs on x86_64 is 120 bytes; room to spare.
    private const int StatFsSize = 256;

    [LibraryImport("libc", EntryPoint = "geteuid")]
    public static partial uint GetEffectiveUserId();

    [LibraryImport("libc", EntryPoint = "getegid")]
    public static partial uint GetEffectiveGroupId();

    /// <summary>
    /// 0 when the file system at <paramref name="path"/> answers statfs, else the errno (ENOTCONN for a mount whose
    /// server died). statfs, not stat: a FUSE mount always asks its server, where stat may be answered from the
    /// kernel's cached attributes of the root.
    /// </summary>
    public static int StatFsError(string path)
    {
        var buffer = stackalloc byte[StatFsSize];
        return StatFs(path, buffer) == 0 ? 0 : Marshal.GetLastPInvokeError();
    }

    [LibraryImport("libc", EntryPoint = "statfs", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int StatFs(string path, byte* buffer);
}
