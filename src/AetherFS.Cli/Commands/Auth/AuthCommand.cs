using System.CommandLine;
using AetherFS.Cli.Infrastructure;

namespace AetherFS.Cli.Commands.Auth;

/// <summary><c>aetherfs auth login|logout|status|hash-password</c>: the credentials commands send to each hub, and password hashes for a hub's --auth-config.</summary>
internal static class AuthCommand
{
    public static readonly Argument<string?> Hub = new("hub")
    {
        Description = $"Hub URL (default: ${HubResolver.EnvironmentVariable}, else {HubResolver.Default})",
        Arity = ArgumentArity.ZeroOrOne,
    };

    public static Command Create(ICliOutput output) =>
        new("auth", "Log in to hubs, log out, show as whom; hash passwords for a hub's --auth-config")
        {
            Subcommands = { AuthLoginCommand.Create(output), AuthLogoutCommand.Create(output), AuthStatusCommand.Create(output), AuthHashPasswordCommand.Create(output) },
        };
}
