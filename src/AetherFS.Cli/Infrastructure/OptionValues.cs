using System.CommandLine.Parsing;
using AetherFS.Core.Units;

namespace AetherFS.Cli.Infrastructure;

/// <summary>
/// Sizes and durations given to options (or their environment variables): parsed once here, with a parse
/// error that names the examples, so every command reports a bad value the same way.
/// </summary>
internal static class OptionValues
{
    /// <summary>Bytes ("64MiB", "10GiB", "1048576"), at least <paramref name="minimum"/>.</summary>
    public static long Size(ArgumentResult result, string text, string examples, long minimum = 0)
    {
        if (ByteSize.TryParse(text, out var bytes) && bytes >= minimum)
        {
            return bytes;
        }

        result.AddError($"invalid size '{text}' (examples: {examples})");
        return 0;
    }

    /// <summary>A percentage from 0 to 100.</summary>
    public static int Percent(ArgumentResult result, string text, string option)
    {
        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var percent) && percent <= 100)
        {
            return percent;
        }

        result.AddError($"{option} is a percentage from 0 to 100, not '{text}'");
        return 0;
    }

    /// <summary>A duration ("500ms", "2s", "1h30m"); with <paramref name="bareZero"/> a plain "0" means none.</summary>
    public static TimeSpan Duration(ArgumentResult result, string text, string examples, bool bareZero = false, bool positive = false)
    {
        var parsed = bareZero ? DurationArgument.TryParse(text, out var duration) : Core.Units.Duration.TryParse(text, out duration);
        if (parsed && (!positive || duration > TimeSpan.Zero))
        {
            return duration;
        }

        result.AddError($"invalid duration '{text}' (examples: {examples})");
        return TimeSpan.Zero;
    }

    /// <summary>One of <paramref name="allowed"/> (any case), as given.</summary>
    public static string OneOf(ArgumentResult result, string text, string option, IReadOnlyList<string> allowed)
    {
        if (allowed.Contains(text, StringComparer.OrdinalIgnoreCase))
        {
            return text;
        }

        result.AddError($"invalid {option} '{text}': use {string.Join(", ", allowed)}");
        return allowed[0];
    }
}
