using System.CommandLine;
using System.CommandLine.Parsing;
using Quickenshtein;

namespace AetherFS.Cli.Infrastructure;

/// <summary>
/// Turns the parser's errors into the one line every failure gets: an unknown command or option names the closest
/// one ("did you mean 'pull'?"), anything else points at the command's --help.
/// </summary>
internal static partial class ParseErrorLine
{
    public static string For(ParseResult parsed)
    {
        var command = parsed.CommandResult;
        var usage = $"see '{CommandPath(command)} --help'";
        // An unknown option can also be taken for a positional argument ("push --pak-size 1MiB DIR" binds it to
        // PATH and leaves "1MiB" unmatched): any argument token that looks like an option is the culprit.
        var options = OptionNames(command).ToList();
        var lookalike = parsed.Tokens.FirstOrDefault(t => t.Type == TokenType.Argument && t.Value.StartsWith("--", StringComparison.Ordinal) && !options.Contains(t.Value.Split('=', 2)[0]));
        if (lookalike is not null || (parsed.UnmatchedTokens.Count > 0 && parsed.UnmatchedTokens[0].StartsWith('-') && parsed.UnmatchedTokens[0].Length > 1))
        {
            var name = (lookalike?.Value ?? parsed.UnmatchedTokens[0]).Split('=', 2)[0];
            return WithSuggestion($"unknown option '{name}'", name, options, usage);
        }

        if (parsed.UnmatchedTokens.Count > 0 && parsed.UnmatchedTokens[0] is { } token)
        {

            var subcommands = command.Command.Subcommands.Where(c => !c.Hidden).SelectMany(c => c.Aliases.Prepend(c.Name)).ToList();
            if (subcommands.Count > 0)
            {
                return WithSuggestion($"unknown command '{token}'", token, subcommands, usage);
            }

            return $"unexpected argument '{token}' ({usage})";
        }

        // A bad value says more than the required option the parser then also misses.
        var error = parsed.Errors.FirstOrDefault(e => !e.Message.Contains("required", StringComparison.OrdinalIgnoreCase)) ?? parsed.Errors[0];
        return $"{Rephrase(error.Message, command)} ({usage})";
    }

    // The parser's own wording names .NET types ("as expected type 'System.Nullable`1[System.Int32]'"): say it in
    // the user's terms.
    private static string Rephrase(string message, CommandResult command)
    {
        var cannotParse = CannotParse().Match(message);
        if (cannotParse.Success)
        {
            var type = cannotParse.Groups["type"].Value;
            var expected = type.Contains("Int", StringComparison.Ordinal) ? "a whole number"
                : type.Contains("Boolean", StringComparison.Ordinal) ? "true or false"
                : type.Contains("Double", StringComparison.Ordinal) || type.Contains("Decimal", StringComparison.Ordinal) ? "a number"
                : "a valid value";
            return $"invalid {cannotParse.Groups["option"].Value} '{cannotParse.Groups["value"].Value}': expected {expected}";
        }

        if (message.StartsWith("Required argument missing", StringComparison.Ordinal))
        {
            var arguments = command.Command.Arguments.Where(a => !a.Hidden).Select(a => a.Name.ToUpperInvariant());
            return $"{command.Command.Name} needs {string.Join(" and ", arguments)}";
        }

        // Some of the parser's messages list choices on lines of their own: the error stays one line.
        return string.Join(' ', message.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).TrimEnd('.');
    }

    [System.Text.RegularExpressions.GeneratedRegex("^Cannot parse argument '(?<value>.*)' for (option|command) '(?<option>[^']*)' as expected type '(?<type>[^']*)'")]
    private static partial System.Text.RegularExpressions.Regex CannotParse();

    private static string WithSuggestion(string problem, string typed, IEnumerable<string> candidates, string usage) =>
        Closest(typed, candidates) is { } meant ? $"{problem}; did you mean '{meant}'?" : $"{problem} ({usage})";

    // The nearest by edit distance, when near enough to be a typo (a third of the word), or the only one the typed
    // text begins.
    private static string? Closest(string typed, IEnumerable<string> candidates)
    {
        var distinct = candidates.Distinct(StringComparer.Ordinal).ToList();
        var (best, distance) = distinct
            .Select(c => (Name: c, Distance: Levenshtein.GetDistance(typed, c)))
            .OrderBy(c => c.Distance).ThenBy(c => c.Name, StringComparer.Ordinal)
            .FirstOrDefault();
        if (best is not null && distance <= Math.Max(1, typed.TrimStart('-').Length / 3))
        {
            return best;
        }

        var prefixed = distinct.Where(c => typed.TrimStart('-').Length >= 2 && c.StartsWith(typed, StringComparison.Ordinal)).ToList();
        return prefixed.Count == 1 ? prefixed[0] : null;
    }

    // The command's own options and those its ancestors share with it (--log-level...).
    private static IEnumerable<string> OptionNames(CommandResult command)
    {
        var names = command.Command.Options.Where(o => !o.Hidden).SelectMany(o => o.Aliases.Prepend(o.Name)).ToList();
        for (var parent = command.Parent as CommandResult; parent is not null; parent = parent.Parent as CommandResult)
        {
            names.AddRange(parent.Command.Options.Where(o => o.Recursive && !o.Hidden).SelectMany(o => o.Aliases.Prepend(o.Name)));
        }

        return names;
    }

    private static string CommandPath(CommandResult command)
    {
        var names = new List<string>();
        for (CommandResult? current = command; current is not null; current = current.Parent as CommandResult)
        {
            names.Add(current.Parent is null ? "aetherfs" : current.Command.Name);
        }

        names.Reverse();
        return string.Join(' ', names);
    }
}
