using System.CommandLine;
using AetherFS.Cli.Infrastructure;

namespace AetherFS.Cli.Commands.Auth;

/// <summary><c>aetherfs auth ...</c>: credentials for hubs that require them.</summary>
internal static class AuthCommand
{
    public static Command Create(ICliOutput output) =>
        new("auth", "Credentials: hash passwords for a hub's --auth-config")
        {
            Subcommands = { AuthHashPasswordCommand.Create(output) },
        };
}
