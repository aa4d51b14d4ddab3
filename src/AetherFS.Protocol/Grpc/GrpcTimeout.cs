using System.Globalization;

namespace AetherFS.Protocol.Grpc;

/// <summary>The <c>grpc-timeout</c> header: at most 8 ASCII digits and a unit (H, M, S, m, u, n).</summary>
public static class GrpcTimeout
{
    private const long MaxValue = 99_999_999;

    /// <summary>The longest delay a .NET timer holds (about 49.7 days).</summary>
    private static readonly TimeSpan LongestTimer = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    /// <summary>
    /// The delay to give a cancellation timer for a deadline: a deadline further away than a timer can hold (clients
    /// send up to 99999999H) is no deadline in practice, so both ends serve the call without one rather than fail it.
    /// </summary>
    public static TimeSpan TimerDelay(TimeSpan? deadline) =>
        deadline is { } delay && delay <= LongestTimer ? delay : Timeout.InfiniteTimeSpan;

    /// <summary>Parses a header value; false when it is malformed.</summary>
    public static bool TryParse(string? value, out TimeSpan timeout)
    {
        timeout = default;
        if (value is null || value.Length is < 2 or > 9)
        {
            return false;
        }

        var digits = value.AsSpan(0, value.Length - 1);
        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        var amount = long.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        long? ticks = value[^1] switch
        {
            'H' => amount * TimeSpan.TicksPerHour,
            'M' => amount * TimeSpan.TicksPerMinute,
            'S' => amount * TimeSpan.TicksPerSecond,
            'm' => amount * TimeSpan.TicksPerMillisecond,
            'u' => amount * TimeSpan.TicksPerMicrosecond,
            'n' => amount / 100,
            _ => null,
        };
        if (ticks is null)
        {
            return false;
        }

        timeout = TimeSpan.FromTicks(ticks.Value);
        return true;
    }

    /// <summary>Formats a timeout in the finest unit that keeps it within 8 digits (rounding up), at most 99999999H.</summary>
    public static string Format(TimeSpan timeout)
    {
        var ticks = Math.Max(0, timeout.Ticks);
        (long PerUnit, char Unit)[] units =
        [
            (1, 'n'), (TimeSpan.TicksPerMicrosecond, 'u'), (TimeSpan.TicksPerMillisecond, 'm'),
            (TimeSpan.TicksPerSecond, 'S'), (TimeSpan.TicksPerMinute, 'M'), (TimeSpan.TicksPerHour, 'H'),
        ];
        foreach (var (perUnit, unit) in units)
        {
            // Ticks are 100 ns. Check before multiplying and divide before rounding up, so that long timeouts
            // (TimeSpan.MaxValue for "no deadline") reach the cap instead of overflowing into negative values.
            var amount = unit == 'n'
                ? (ticks > MaxValue / 100 ? long.MaxValue : ticks * 100)
                : (ticks / perUnit) + (ticks % perUnit == 0 ? 0 : 1);
            if (amount <= MaxValue)
            {
                return amount.ToString(CultureInfo.InvariantCulture) + unit;
            }
        }

        return MaxValue.ToString(CultureInfo.InvariantCulture) + "H";
    }
}
