using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.RegularExpressions;
using AetherFS.Core.Units;

namespace AetherFS.Cli.Infrastructure;

/// <summary>
/// Shows defaults in --help as a user writes them ("10GiB", "2s"), not as .NET prints the parsed value
/// ("10737418240", "00:00:02"), for every option of every command. System.CommandLine keeps its help builder
/// internal, so the help it writes is rewritten line by line: one line per option, unwrapped, so each
/// "[default: ...]" sits on its option's line.
/// </summary>
internal static partial class HelpDefaults
{
    public static async Task<int> WriteAsync(ParseResult parsed, HelpAction help, TextWriter output, CancellationToken cancellationToken)
    {
        help.MaxWidth = 10_000;
        using var buffer = new StringWriter(CultureInfo.InvariantCulture);
        var code = await parsed.InvokeAsync(new InvocationConfiguration { Output = buffer, Error = buffer }, cancellationToken);
        var options = OptionsOf(parsed.CommandResult);
        foreach (var line in buffer.ToString().Split('\n'))
        {
            output.WriteLine(Rewrite(line.TrimEnd('\r'), options));
        }

        return code;
    }

    /// <summary>A default as a user would write it, given the option and the text .NET made of it.</summary>
    public static string Human(Option option, string text)
    {
        var type = Nullable.GetUnderlyingType(option.ValueType) ?? option.ValueType;
        if (type == typeof(TimeSpan) && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var duration))
        {
            return duration == TimeSpan.Zero ? "0" : Duration.Format(duration);
        }

        // Sizes are the options named "...-size" that hold a number of bytes (--cache-size, --pack-size...).
        if ((type == typeof(long) || type == typeof(int)) && option.Name.EndsWith("-size", StringComparison.Ordinal)
            && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes))
        {
            return bytes == 0 ? "0" : ByteSize.Format(bytes).Replace(" ", "", StringComparison.Ordinal);
        }

        // Other large counts (--max-archive-entries) read better grouped: 1,000,000.
        if ((type == typeof(long) || type == typeof(int))
            && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count >= 10_000)
        {
            return count.ToString("N0", CultureInfo.InvariantCulture);
        }

        return text;
    }

    private static string Rewrite(string line, IReadOnlyDictionary<string, Option> options)
    {
        var row = OptionRow().Match(line);
        if (!row.Success)
        {
            return line;
        }

        var names = row.Groups["names"].Value.Split(", ");
        var option = names.Select(n => options.GetValueOrDefault(n)).FirstOrDefault(o => o is not null);
        if (option is null)
        {
            return line;
        }

        var value = row.Groups["default"];
        return line[..value.Index] + Human(option, value.Value) + line[(value.Index + value.Length)..];
    }

    // The options help lists for this command: its own and those its ancestors share (--log-level...), by alias.
    private static Dictionary<string, Option> OptionsOf(CommandResult command)
    {
        var options = new Dictionary<string, Option>(StringComparer.Ordinal);
        for (CommandResult? current = command; current is not null; current = current.Parent as CommandResult)
        {
            foreach (var option in current.Command.Options.Where(o => current == command || o.Recursive))
            {
                foreach (var alias in option.Aliases.Prepend(option.Name))
                {
                    options.TryAdd(alias, option);
                }
            }
        }

        return options;
    }

    [GeneratedRegex(@"^\s+(?<names>-[^\s<,]*(?:, -[^\s<,]*)*)\b.*\[default: (?<default>[^\]]*)\]\s*$")]
    private static partial Regex OptionRow();
}
