using System.CommandLine;
using AetherFS.Cli.Infrastructure;

namespace AetherFS.Cli.Commands.Auth;

/// <summary><c>aetherfs auth login|logout|status</c>: the credentials commands send to each hub.</summary>
internal static class AuthCommand
{
    public static readonly Argument<string?> Hub = new("hub")
    {
        Description = $"Hub URL (default: ${HubResolver.EnvironmentVariable}, else {HubResolver.Default})",
        Arity = ArgumentArity.ZeroOrOne,
    };

    public static Command Create(ICliOutput output) =>
        new("auth", "Log in to hubs, log out, and show as whom")
        {
            Subcommands = { AuthLoginCommand.Create(output), AuthLogoutCommand.Create(output), AuthStatusCommand.Create(output) },
        };
}
