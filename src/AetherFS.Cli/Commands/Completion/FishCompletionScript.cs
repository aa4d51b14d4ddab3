using System.Text;

namespace AetherFS.Cli.Commands.Completion;

/// <summary>fish completions: each command's subcommands and options, offered once the words before them name it.</summary>
internal static class FishCompletionScript
{
    public static string Write(CompletionTree root)
    {
        var script = new StringBuilder("# aetherfs completion for fish\ncomplete -c aetherfs -f\n");
        foreach (var command in root.All())
        {
            var condition = Condition(command, root);
            foreach (var sub in command.Subcommands)
            {
                script.Append(FormattableString.Invariant($"complete -c aetherfs -n '{condition}' -a {sub.Name} -d {Quote(sub.Description)}\n"));
            }

            foreach (var (name, description) in command.Options)
            {
                var flag = name.StartsWith("--", StringComparison.Ordinal) ? $"-l {name[2..]}" : $"-s {name[1..]}";
                script.Append(FormattableString.Invariant($"complete -c aetherfs -n '{condition}' {flag} -d {Quote(description)}\n"));
            }
        }

        return script.ToString();
    }

    // The root's completions apply before any subcommand; a command's, once its name is typed and none of its own
    // subcommands yet.
    private static string Condition(CompletionTree command, CompletionTree root)
    {
        if (command == root)
        {
            return "__fish_use_subcommand";
        }

        var seen = string.Join("; and ", command.Path.Split(' ').Select(n => $"__fish_seen_subcommand_from {n}"));
        return command.Subcommands.Count == 0 ? seen : $"{seen}; and not __fish_seen_subcommand_from {string.Join(' ', command.Subcommands.Select(s => s.Name))}";
    }

    private static string Quote(string text) => "'" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";
}
