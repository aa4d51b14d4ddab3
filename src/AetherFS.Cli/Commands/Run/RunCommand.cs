using System.CommandLine;
using AetherFS.Cli.Infrastructure;

namespace AetherFS.Cli.Commands.Run;

/// <summary><c>aetherfs run ...</c>: the long-running processes.</summary>
internal static class RunCommand
{
    public static Command Create(ICliOutput output) =>
        new("run", "Run an AetherFS process") { Subcommands = { RunHubCommand.Create(output) } };
}
