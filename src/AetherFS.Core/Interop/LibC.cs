using System.Runtime.InteropServices;

namespace AetherFS.Core.Interop;

/// <summary>The few libc calls .NET does not expose: file types from lstat, and atomic directory exchange.</summary>
internal static partial class LibC
{
    public const int AtFdCwd = -100;
    public const uint RenameExchange = 2;

    [LibraryImport("libc", EntryPoint = "lstat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static unsafe partial int Lstat(string path, byte* statBuffer);

    public const int AtSymlinkNoFollow = 0x100;

    [LibraryImport("libc", EntryPoint = "utimensat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static unsafe partial int Utimensat(int dirFd, string path, long* times, int flags);

    [LibraryImport("libc", EntryPoint = "renameat2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Renameat2(int oldDirFd, string oldPath, int newDirFd, string newPath, uint flags);
}
