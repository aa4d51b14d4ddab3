using System.Runtime.InteropServices;

namespace AetherFS.Mount.Interop;

/// <summary>The owner a mount shows its files with: the process's own ids; and stat, to tell a stale mount by its errno.</summary>
internal static unsafe partial class LibC
{
    private const int StatSize = 144;

    [LibraryImport("libc", EntryPoint = "geteuid")]
    public static partial uint GetEffectiveUserId();

    [LibraryImport("libc", EntryPoint = "getegid")]
    public static partial uint GetEffectiveGroupId();

    /// <summary>0 when <paramref name="path"/> can be stat'ed, else the errno (ENOTCONN for a mount whose server died).</summary>
    public static int StatError(string path)
    {
        var buffer = stackalloc byte[StatSize];
        return Stat(path, buffer) == 0 ? 0 : Marshal.GetLastPInvokeError();
    }

    [LibraryImport("libc", EntryPoint = "stat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Stat(string path, byte* buffer);
}
