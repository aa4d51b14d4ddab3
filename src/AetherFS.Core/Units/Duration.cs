using System.Globalization;

namespace AetherFS.Core.Units;

/// <summary>Durations as people write them in flags and config: "500ms", "2s", "5m", "1h", "7d", "1h30m".</summary>
public static class Duration
{
    private static readonly decimal MaxMilliseconds = (decimal)TimeSpan.MaxValue.Ticks / TimeSpan.TicksPerMillisecond;

    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var span = text.AsSpan().Trim();
        // Decimal, not double: "1.001s" must be exactly 1001 ms, not 1000.9999.
        var total = 0m;
        while (!span.IsEmpty)
        {
            var digits = 0;
            while (digits < span.Length && (char.IsAsciiDigit(span[digits]) || span[digits] == '.'))
            {
                digits++;
            }

            var unitLength = 0;
            while (digits + unitLength < span.Length && char.IsAsciiLetter(span[digits + unitLength]))
            {
                unitLength++;
            }

            if (digits == 0 || unitLength == 0 || !decimal.TryParse(span[..digits], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
            {
                return false;
            }

            decimal? milliseconds = span.Slice(digits, unitLength) switch
            {
                "ms" => 1,
                "s" => 1000,
                "m" => 60_000,
                "h" => 3_600_000,
                "d" => 86_400_000,
                _ => null,
            };
            if (milliseconds is null || amount > (MaxMilliseconds - total) / milliseconds.Value)
            {
                return false;
            }

            total += amount * milliseconds.Value;
            span = span[(digits + unitLength)..];
        }

        duration = TimeSpan.FromTicks((long)(total * TimeSpan.TicksPerMillisecond));
        return true;
    }

    /// <summary>The shortest exact form, for messages: "2s", "1h30m", "250ms".</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration < TimeSpan.FromSeconds(1) || duration.Milliseconds != 0)
        {
            return ((long)duration.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";
        }

        var parts = new List<string>();
        if (duration.Days > 0)
        {
            parts.Add($"{duration.Days}d");
        }

        if (duration.Hours > 0)
        {
            parts.Add($"{duration.Hours}h");
        }

        if (duration.Minutes > 0)
        {
            parts.Add($"{duration.Minutes}m");
        }

        if (duration.Seconds > 0)
        {
            parts.Add($"{duration.Seconds}s");
        }

        return string.Concat(parts);
    }
}
