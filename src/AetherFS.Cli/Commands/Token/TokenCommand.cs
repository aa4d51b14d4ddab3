using System.CommandLine;
using AetherFS.Cli.Infrastructure;

namespace AetherFS.Cli.Commands.Token;

/// <summary><c>aetherfs token create|list|revoke</c>: API tokens for services and CI, scoped to datasets and actions.</summary>
internal static class TokenCommand
{
    public static Command Create(ICliOutput output) =>
        new("token", "Create, list and revoke API tokens (for services and CI) on a hub with authentication")
        {
            Subcommands = { TokenCreateCommand.Create(output), TokenListCommand.Create(output), TokenRevokeCommand.Create(output) },
        };

    public static Option<string?> Owner(string description) => new("--owner") { Description = description };
}
