using System.CommandLine;

namespace AetherFS.Cli.Commands.Completion;

/// <summary>One command as completion scripts see it: its path, subcommands and options (with descriptions).</summary>
internal sealed record CompletionTree(string Path, string Name, string Description, IReadOnlyList<CompletionTree> Subcommands, IReadOnlyList<(string Name, string Description)> Options)
{
    public static CompletionTree From(Command root) => From(root, "", [], "aetherfs");

    /// <summary>This command and every command under it.</summary>
    public IEnumerable<CompletionTree> All() => Subcommands.SelectMany(s => s.All()).Prepend(this);

    private static bool IsFlag(string name) =>
        name.Length > 1 && name[0] == '-' && name.TrimStart('-').Length > 0 && name.TrimStart('-').All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    private static CompletionTree From(Command command, string path, IReadOnlyList<Option> inherited, string name)
    {
        var options = command.Options.Where(o => !o.Hidden).Concat(inherited).Distinct().ToList();
        var shared = inherited.Concat(command.Options.Where(o => o.Recursive && !o.Hidden)).Distinct().ToList();
        var subcommands = command.Subcommands.Where(c => !c.Hidden)
            .Select(c => From(c, path.Length == 0 ? c.Name : $"{path} {c.Name}", shared, c.Name))
            .ToList();
        // Only the POSIX spellings: "/?" and "-?" are globs to a shell.
        var names = options.SelectMany(o => o.Aliases.Prepend(o.Name).Where(IsFlag).Select(n => (n, o.Description ?? ""))).Distinct().ToList();
        return new CompletionTree(path, name, command.Description ?? "", subcommands, names);
    }
}
