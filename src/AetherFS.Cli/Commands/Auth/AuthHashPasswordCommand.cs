using System.CommandLine;
using AetherFS.Cli.Infrastructure;
using AetherFS.Hub.Security;

namespace AetherFS.Cli.Commands.Auth;

/// <summary>
/// <c>aetherfs auth hash-password</c>: reads a password from stdin (never from the command line, where process
/// listings show it) and prints the hash to put under <c>users:</c> in a hub's <c>--auth-config</c>.
/// </summary>
internal static class AuthHashPasswordCommand
{
    public static Command Create(ICliOutput output)
    {
        var command = new Command("hash-password", "Read a password from stdin and print its hash for --auth-config (users:)");
        command.SetAction(async (_, cancellationToken) =>
        {
            var password = await Console.In.ReadLineAsync(cancellationToken);
            if (string.IsNullOrEmpty(password))
            {
                throw new CliException("no password on stdin (example: printf '%s\\n' \"$PASSWORD\" | aetherfs auth hash-password)");
            }

            await output.Out.WriteLineAsync(PasswordHash.Create(password));
            return ExitCodes.Success;
        });
        return command;
    }
}
