using System.Runtime.InteropServices;

namespace AetherFS.Mount.Interop;

/// <summary>x86_64 <c>struct timespec</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct Timespec
{
    public long Seconds;
    public long Nanoseconds;

    public static Timespec From(DateTimeOffset time)
    {
        var ticks = time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out var remainder);
        if (remainder < 0)
        {
            // Before 1970 the nanoseconds still count forward from the second below.
            seconds--;
            remainder += TimeSpan.TicksPerSecond;
        }
        return new Timespec { Seconds = seconds, Nanoseconds = remainder * TimeSpan.NanosecondsPerTick };
    }
}
