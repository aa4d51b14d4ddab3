using System.CommandLine;
using AetherFS.Cli.Infrastructure;

namespace AetherFS.Cli.Commands.Token;

/// <summary><c>aetherfs token revoke NAME</c>: every hub sharing the store refuses the token within 10 seconds.</summary>
internal static class TokenRevokeCommand
{
    private static readonly Argument<string> Name = new("name") { Description = "The token's name" };

    private static readonly Option<string?> Owner = TokenCommand.Owner("Revoke a token of this user (admins only; default: yours)");

    public static Command Create(ICliOutput output)
    {
        var command = new Command("revoke", "Revoke an API token by name")
        {
            Options = { CommonOptions.Hub, CommonOptions.CaCert, CommonOptions.TokenFile, Owner },
            Arguments = { Name },
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var name = parsed.GetValue(Name)!;
            using var hub = HubConnections.Open(parsed, HubResolver.Resolve(parsed.GetValue(CommonOptions.Hub)));
            await hub.RevokeTokenAsync(name, parsed.GetValue(Owner), cancellationToken);
            output.Out.WriteLine($"revoked token '{name}'");
            return ExitCodes.Success;
        });
        return command;
    }
}
