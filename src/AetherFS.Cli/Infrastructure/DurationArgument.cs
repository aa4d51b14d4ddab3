using AetherFS.Core.Units;

namespace AetherFS.Cli.Infrastructure;

/// <summary>Durations on the command line: "90d", "1h30m", "0s", and a bare "0" for none.</summary>
internal static class DurationArgument
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        return text == "0" || Duration.TryParse(text, out duration);
    }

    /// <summary>The duration, or a <see cref="CliException"/> naming the option.</summary>
    public static TimeSpan Parse(string option, string text) =>
        TryParse(text, out var duration) ? duration : throw new CliException($"invalid {option} '{text}' (examples: 0s, 30m, 1h, 90d)");
}
