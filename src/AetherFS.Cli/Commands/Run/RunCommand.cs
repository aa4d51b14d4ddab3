using System.CommandLine;

namespace AetherFS.Cli.Commands.Run;

/// <summary><c>aetherfs run ...</c>: the long-running processes.</summary>
internal static class RunCommand
{
    public static Command Create() =>
        new("run", "Run an AetherFS process") { Subcommands = { RunHubCommand.Create(), RunAgentCommand.Create() } };
}
