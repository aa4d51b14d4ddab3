using System.CommandLine;
using AetherFS.Cli.Infrastructure;

namespace AetherFS.Cli.Commands.Completion;

/// <summary><c>aetherfs completion bash|zsh|fish</c>: print a script that completes commands and options.</summary>
internal static class CompletionCommand
{
    private static readonly Argument<string> Shell = new("shell")
    {
        Description = "bash, zsh or fish",
    };

    private static readonly string[] Shells = ["bash", "zsh", "fish"];

    static CompletionCommand() => Shell.Validators.Add(result =>
    {
        if (result.Tokens.Count == 1 && !Shells.Contains(result.Tokens[0].Value, StringComparer.Ordinal))
        {
            result.AddError($"unknown shell '{result.Tokens[0].Value}': use bash, zsh or fish");
        }
    });

    public static Command Create(ICliOutput output)
    {
        var command = new Command("completion", "Print a shell completion script: eval \"$(aetherfs completion bash)\", or source it from your shell's start-up file")
        {
            Arguments = { Shell },
        };
        command.SetAction(parsed =>
        {
            // Written from the command tree itself, so completions never fall behind the commands; nothing runs at
            // TAB time but the shell.
            var tree = CompletionTree.From(parsed.RootCommandResult.Command);
            output.Out.Write(parsed.GetValue(Shell) switch
            {
                "fish" => FishCompletionScript.Write(tree),
                "zsh" => "autoload -U +X bashcompinit && bashcompinit\n" + BashCompletionScript.Write(tree),
                _ => BashCompletionScript.Write(tree),
            });
            return ExitCodes.Success;
        });
        return command;
    }
}
