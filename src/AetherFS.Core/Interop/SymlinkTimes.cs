using System.Runtime.InteropServices;

namespace AetherFS.Core.Interop;

/// <summary>Sets a symlink's own mtime (utimensat with AT_SYMLINK_NOFOLLOW); .NET's setters follow the link.</summary>
public static class SymlinkTimes
{
    private const long OmitNanoseconds = (1L << 30) - 2; // UTIME_OMIT: leave atime as it is

    public static unsafe void SetModified(string path, DateTime modifiedUtc)
    {
        var ticks = (modifiedUtc - DateTime.UnixEpoch).Ticks;
        var times = stackalloc long[4];
        times[0] = 0;
        times[1] = OmitNanoseconds;
        times[2] = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out var remainder);
        times[3] = remainder * 100;
        if (LibC.Utimensat(LibC.AtFdCwd, path, times, LibC.AtSymlinkNoFollow) != 0)
        {
            throw new IOException($"cannot set the time of symlink '{path}': {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }
    }
}
